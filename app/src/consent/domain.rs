//! Who may accept an invitation (R3) and what accepting does (R4, R10,
//! R13, R14), without I/O: the store reads, asks these rules, writes.

use crate::auth::{CurrentUser, OrgKind, Role};

pub use kernel::refusal::consent::Refusal;

/// R3: only an administrator of a customer organization in the partner's
/// cloud may accept.
pub fn may_accept(user: &CurrentUser, partner_cloud: &str) -> Result<(), Refusal> {
    match (user.organization.kind, user.role) {
        (OrgKind::PartnerCsp | OrgKind::PartnerAdvisor, _) => Err(Refusal::PartnerUser),
        (OrgKind::Operator, _) => Err(Refusal::OperatorUser),
        (OrgKind::Customer, Role::CustomerAdmin) if user.organization.cloud != partner_cloud => {
            Err(Refusal::OtherCloud)
        }
        (OrgKind::Customer, Role::CustomerAdmin) => Ok(()),
        (OrgKind::Customer, _) => Err(Refusal::NotCustomerAdmin),
    }
}

/// Why a code opens no link: a one-customer invitation with this code that
/// was used (or declined, cancelled, expired), or no link at all.
pub fn missing_link(invitation_exists: bool) -> Refusal {
    if invitation_exists {
        Refusal::InvitationUsed
    } else {
        Refusal::LinkNotValid
    }
}

/// R14: whether an organization whose members are invited at `own` is the
/// one a one-customer invitation for `domain` is for.
pub fn is_for_domain(own: Option<&str>, domain: &str) -> bool {
    own.is_some_and(|own| own.eq_ignore_ascii_case(domain))
}

#[cfg(feature = "ssr")]
pub use acceptance::*;

/// What accepting does. Server only: the audit log writes days by the
/// server's calendar.
#[cfg(feature = "ssr")]
mod acceptance {
    use super::*;
    use crate::consent::AcceptOutcome;
    use kernel::audit::{Action, RolesDetail};
    use kernel::grant::RelationshipKind;
    use kernel::role::{Ask, ServiceRole};

    /// A role the partner held at the customer before this acceptance, as the
    /// store read it.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct HeldRole {
        pub role: ServiceRole,
        /// Not removed by the customer.
        pub active: bool,
        pub ends_ms: i64,
        pub auto_extend: bool,
    }

    impl HeldRole {
        fn in_force(&self, now_ms: i64) -> bool {
            kernel::role::in_force(self.active, self.ends_ms, self.auto_extend, now_ms)
        }
    }

    /// What the store read under the write lock, once the code opened a link:
    /// everything an acceptance is decided on.
    #[derive(Debug, Clone)]
    pub struct AcceptanceFacts<'a> {
        pub customer: &'a CurrentUser,
        pub partner_kind: OrgKind,
        pub partner_cloud: String,
        /// A one-customer invitation's domain; `None` for the reusable link.
        pub for_domain: Option<String>,
        /// The domain the customer's members are invited at (read when the
        /// link is for a domain).
        pub customer_domain: Option<String>,
        /// The version of the ask the page showed, if it said.
        pub shown_ask: Option<&'a str>,
        /// The version of the partner's ask now.
        pub ask_version: String,
        /// What the link asks for now; `None` for a link without privileges.
        pub ask: Option<Ask>,
        /// The roles the administrator kept ticked.
        pub ticked: &'a [ServiceRole],
        /// The two already have a relationship.
        pub relationship_exists: bool,
        /// The partner's roles at the customer before, whatever their state.
        pub held: Vec<HeldRole>,
        pub now_ms: i64,
    }

    /// Roles to write as active, all with the same end.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct RoleWrite {
        /// In catalog order: the roles granted and restored.
        pub roles: Vec<ServiceRole>,
        pub ends_ms: i64,
        pub auto_extend: bool,
    }

    /// What an acceptance that changed something tells both sides (R15).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Announcement {
        /// The roles granted and restored.
        pub roles: Vec<ServiceRole>,
        /// When they end, when there are any.
        pub ends_ms: Option<i64>,
        /// The roles asked for that the customer unticked.
        pub refused: Vec<ServiceRole>,
    }

    /// What an acceptance does, decided by [`decide_acceptance`]: the store
    /// writes it as it says, in this order.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct AcceptanceDecision {
        pub outcome: AcceptOutcome,
        /// A relationship to create, of this kind (R4: never a second one).
        pub create: Option<RelationshipKind>,
        /// R13: stop every grant of the relationship extending itself, since
        /// Global Administrator is (or stays) in force.
        pub stop_extending: bool,
        /// The roles to grant, new or anew (R10).
        pub write: Option<RoleWrite>,
        /// The audit events, with their details as the log stores them.
        pub audit: Vec<(Action, String)>,
        /// What both sides are told; `None` when nothing changed.
        pub announce: Option<Announcement>,
    }

    /// R3, R4, R10, R13, R14: what accepting does, or why it is refused, from
    /// what the store read under the write lock. The relationship is created
    /// once; the roles the customer kept ticked of those the link asks for now
    /// are granted until the ask's end, roles removed or ended are granted anew
    /// (restored), roles in force stay as they are; nothing extends itself
    /// while Global Administrator is in force. Accepting again changes nothing.
    pub fn decide_acceptance(facts: &AcceptanceFacts) -> Result<AcceptanceDecision, Refusal> {
        may_accept(facts.customer, &facts.partner_cloud)?;
        if let Some(domain) = &facts.for_domain
            && !is_for_domain(facts.customer_domain.as_deref(), domain)
        {
            return Err(Refusal::InvitationForAnotherDomain);
        }
        if facts
            .shown_ask
            .is_some_and(|shown| shown != facts.ask_version)
        {
            return Err(Refusal::AskChanged);
        }
        // A link without privileges asks for no role: whatever is sent, none is granted.
        let approved = match &facts.ask {
            Some(ask) => Some((
                ask,
                ask.approve(facts.ticked.iter().copied())
                    .map_err(|_| Refusal::RoleNotAsked)?,
            )),
            None => None,
        };
        let created = !facts.relationship_exists;
        let kind = RelationshipKind::of_partner(facts.partner_kind);
        let now_ms = facts.now_ms;
        let mut audit = Vec::new();
        if created {
            audit.push((Action::RelationshipCreated, kind.as_str().to_string()));
        }
        let mut granted = Vec::new();
        let mut restored = Vec::new();
        let mut stop_extending = false;
        let mut write = None;
        let mut announced = None;
        if let Some((ask, approval)) = &approved {
            let ends_ms = ask.ends_ms(now_ms);
            // R13: nothing extends itself while Global Administrator is in force,
            // whether it was just granted or held from before.
            let global = approval.roles.contains(&ServiceRole::GlobalAdministrator)
                || facts.held.iter().any(|held| {
                    held.role == ServiceRole::GlobalAdministrator && held.in_force(now_ms)
                });
            let auto_extend = approval.auto_extend && !global;
            stop_extending = global;
            for role in &approval.roles {
                match facts.held.iter().find(|held| held.role == *role) {
                    Some(held) if held.in_force(now_ms) => {}
                    Some(_) => restored.push(*role),
                    None => granted.push(*role),
                }
            }
            let end = crate::db::day_of(ends_ms - 1);
            // What was asked, when the customer kept less of it (partial approval).
            let partial = approval.roles.len() < ask.roles.len();
            let detail =
                |roles: &[ServiceRole]| RolesDetail::of(roles).until(&end).extending(auto_extend);
            if !granted.is_empty() || (created && partial && restored.is_empty()) {
                audit.push((
                    Action::DapGranted,
                    detail(&granted).asked(&ask.roles).stored(),
                ));
            }
            if !restored.is_empty() {
                let details = detail(&restored);
                let details = if granted.is_empty() {
                    details.asked(&ask.roles)
                } else {
                    details
                };
                audit.push((Action::DapRestored, details.stored()));
            }
            let roles: Vec<ServiceRole> = approval
                .roles
                .iter()
                .copied()
                .filter(|role| granted.contains(role) || restored.contains(role))
                .collect();
            if !roles.is_empty() {
                write = Some(RoleWrite {
                    roles,
                    ends_ms,
                    auto_extend,
                });
            }
            announced = Some((ends_ms, *ask, approval));
        }
        let outcome = if created {
            AcceptOutcome::Created
        } else if !restored.is_empty() {
            AcceptOutcome::Restored
        } else if !granted.is_empty() {
            AcceptOutcome::Granted
        } else {
            AcceptOutcome::Unchanged
        };
        // R15: one event per acceptance that changed something, to both sides.
        let announce = (outcome != AcceptOutcome::Unchanged).then(|| {
            let roles: Vec<ServiceRole> = granted.iter().chain(&restored).copied().collect();
            Announcement {
                ends_ms: announced
                    .as_ref()
                    .map(|(ends_ms, _, _)| *ends_ms)
                    .filter(|_| !roles.is_empty()),
                refused: announced
                    .as_ref()
                    .map_or_else(Vec::new, |(_, ask, approval)| {
                        ask.roles
                            .iter()
                            .copied()
                            .filter(|role| !approval.roles.contains(role))
                            .collect()
                    }),
                roles,
            }
        });
        Ok(AcceptanceDecision {
            outcome,
            create: created.then_some(kind),
            stop_extending,
            write,
            audit,
            announce,
        })
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use crate::auth::test_user;
        use kernel::role::DAY_MS;

        const NOW: i64 = 1_800_000_000_000;

        fn admin() -> CurrentUser {
            test_user(OrgKind::Customer, Role::CustomerAdmin, "global")
        }

        fn ask(roles: &[ServiceRole], auto_extend: bool) -> Ask {
            Ask::new(roles.iter().copied(), 30, auto_extend).unwrap()
        }

        /// A first acceptance of the reusable link of a CSP partner in the
        /// customer's cloud, asking for `asked`, the administrator keeping
        /// `ticked`.
        fn facts<'a>(
            customer: &'a CurrentUser,
            asked: Option<Ask>,
            ticked: &'a [ServiceRole],
        ) -> AcceptanceFacts<'a> {
            AcceptanceFacts {
                customer,
                partner_kind: OrgKind::PartnerCsp,
                partner_cloud: "global".into(),
                for_domain: None,
                customer_domain: None,
                shown_ask: None,
                ask_version: "default".into(),
                ask: asked,
                ticked,
                relationship_exists: false,
                held: Vec::new(),
                now_ms: NOW,
            }
        }

        fn held(role: ServiceRole, active: bool, ends_ms: i64, auto_extend: bool) -> HeldRole {
            HeldRole {
                role,
                active,
                ends_ms,
                auto_extend,
            }
        }

        const USER: ServiceRole = ServiceRole::UserAdministrator;
        const READER: ServiceRole = ServiceRole::Reader;
        const GLOBAL: ServiceRole = ServiceRole::GlobalAdministrator;

        #[test]
        fn a_first_acceptance_creates_the_relationship_and_grants_the_ticked_roles() {
            let customer = admin();
            let decision = decide_acceptance(&facts(
                &customer,
                Some(ask(&[USER, READER], true)),
                &[USER, READER],
            ))
            .unwrap();
            assert_eq!(decision.outcome, AcceptOutcome::Created);
            assert_eq!(decision.create, Some(RelationshipKind::Reseller));
            assert!(!decision.stop_extending);
            let ends_ms = NOW + 30 * DAY_MS;
            assert_eq!(
                decision.write,
                Some(RoleWrite {
                    roles: vec![USER, READER],
                    ends_ms,
                    auto_extend: true,
                })
            );
            let end = crate::db::day_of(ends_ms - 1);
            assert_eq!(
                decision.audit,
                vec![
                    (Action::RelationshipCreated, "reseller".to_string()),
                    (
                        Action::DapGranted,
                        RolesDetail::of(&[USER, READER])
                            .until(&end)
                            .extending(true)
                            .stored()
                    ),
                ]
            );
            assert_eq!(
                decision.announce,
                Some(Announcement {
                    roles: vec![USER, READER],
                    ends_ms: Some(ends_ms),
                    refused: Vec::new(),
                })
            );
        }

        #[test]
        fn a_partial_approval_says_what_was_asked_and_refused() {
            let customer = admin();
            let decision = decide_acceptance(&facts(
                &customer,
                Some(ask(&[USER, READER], false)),
                &[READER],
            ))
            .unwrap();
            let end = crate::db::day_of(NOW + 30 * DAY_MS - 1);
            assert_eq!(
                decision.audit[1],
                (
                    Action::DapGranted,
                    RolesDetail::of(&[READER])
                        .until(&end)
                        .asked(&[USER, READER])
                        .stored()
                )
            );
            assert_eq!(decision.announce.unwrap().refused, vec![USER]);
        }

        #[test]
        fn a_partial_approval_of_nothing_still_records_what_was_asked() {
            let customer = admin();
            let decision =
                decide_acceptance(&facts(&customer, Some(ask(&[USER], false)), &[])).unwrap();
            assert_eq!(decision.outcome, AcceptOutcome::Created);
            assert_eq!(decision.write, None);
            assert_eq!(decision.audit.len(), 2);
            assert_eq!(decision.audit[1].0, Action::DapGranted);
            let announce = decision.announce.unwrap();
            assert_eq!(announce.roles, Vec::new());
            assert_eq!(announce.ends_ms, None);
            assert_eq!(announce.refused, vec![USER]);
        }

        #[test]
        fn an_advisor_link_without_privileges_creates_an_advisor_relationship_only() {
            let customer = admin();
            let mut facts = facts(&customer, None, &[USER]);
            facts.partner_kind = OrgKind::PartnerAdvisor;
            let decision = decide_acceptance(&facts).unwrap();
            assert_eq!(decision.create, Some(RelationshipKind::Advisor));
            assert_eq!(decision.write, None);
            assert_eq!(
                decision.audit,
                vec![(Action::RelationshipCreated, "advisor".to_string())]
            );
            assert_eq!(decision.announce.unwrap().roles, Vec::new());
        }

        #[test]
        fn accepting_again_with_everything_in_force_changes_nothing() {
            let customer = admin();
            let mut facts = facts(&customer, Some(ask(&[USER], false)), &[USER]);
            facts.relationship_exists = true;
            facts.held = vec![held(USER, true, NOW + DAY_MS, false)];
            let decision = decide_acceptance(&facts).unwrap();
            assert_eq!(decision.outcome, AcceptOutcome::Unchanged);
            assert_eq!(decision.create, None);
            assert_eq!(decision.write, None);
            assert_eq!(decision.audit, Vec::new());
            assert_eq!(decision.announce, None);
        }

        #[test]
        fn accepting_again_restores_removed_and_ended_roles_and_grants_new_ones() {
            let customer = admin();
            let mut facts = facts(
                &customer,
                Some(ask(&[USER, READER, ServiceRole::Owner], false)),
                &[USER, READER, ServiceRole::Owner],
            );
            facts.relationship_exists = true;
            facts.held = vec![
                held(USER, false, NOW + DAY_MS, false),
                held(READER, true, NOW - 1, false),
            ];
            let decision = decide_acceptance(&facts).unwrap();
            assert_eq!(decision.outcome, AcceptOutcome::Restored);
            assert_eq!(
                decision.write.unwrap().roles,
                vec![USER, ServiceRole::Owner, READER]
            );
            let actions: Vec<Action> = decision.audit.iter().map(|(action, _)| *action).collect();
            assert_eq!(actions, vec![Action::DapGranted, Action::DapRestored]);
            assert_eq!(
                decision.announce.unwrap().roles,
                vec![ServiceRole::Owner, USER, READER]
            );
        }

        #[test]
        fn accepting_again_restores_removed_roles_saying_what_was_asked() {
            let customer = admin();
            let mut facts = facts(&customer, Some(ask(&[USER, READER], false)), &[USER]);
            facts.relationship_exists = true;
            facts.held = vec![held(USER, false, NOW + DAY_MS, false)];
            let decision = decide_acceptance(&facts).unwrap();
            assert_eq!(decision.outcome, AcceptOutcome::Restored);
            let end = crate::db::day_of(NOW + 30 * DAY_MS - 1);
            assert_eq!(
                decision.audit,
                vec![(
                    Action::DapRestored,
                    RolesDetail::of(&[USER])
                        .until(&end)
                        .asked(&[USER, READER])
                        .stored()
                )]
            );
        }

        #[test]
        fn accepting_again_grants_roles_never_held() {
            let customer = admin();
            let mut facts = facts(
                &customer,
                Some(ask(&[USER, READER], false)),
                &[USER, READER],
            );
            facts.relationship_exists = true;
            facts.held = vec![held(USER, true, NOW + DAY_MS, false)];
            let decision = decide_acceptance(&facts).unwrap();
            assert_eq!(decision.outcome, AcceptOutcome::Granted);
            assert_eq!(decision.write.unwrap().roles, vec![READER]);
            assert_eq!(decision.audit.len(), 1);
            assert_eq!(decision.audit[0].0, Action::DapGranted);
        }

        #[test]
        fn global_administrator_granted_stops_every_extension() {
            let customer = admin();
            let mut asked = ask(&[GLOBAL, USER], false);
            // An ask saved before the rule: the approval still refuses to extend.
            asked.auto_extend = true;
            let decision =
                decide_acceptance(&facts(&customer, Some(asked), &[GLOBAL, USER])).unwrap();
            assert!(decision.stop_extending);
            assert!(!decision.write.unwrap().auto_extend);
        }

        #[test]
        fn global_administrator_held_in_force_stops_extension_of_new_roles() {
            let customer = admin();
            let mut facts = facts(&customer, Some(ask(&[USER], true)), &[USER]);
            facts.relationship_exists = true;
            facts.held = vec![held(GLOBAL, true, NOW + DAY_MS, false)];
            let decision = decide_acceptance(&facts).unwrap();
            assert!(decision.stop_extending);
            assert!(!decision.write.unwrap().auto_extend);
        }

        #[test]
        fn global_administrator_removed_or_ended_lets_new_roles_extend() {
            let customer = admin();
            for before in [
                held(GLOBAL, false, NOW + DAY_MS, false),
                held(GLOBAL, true, NOW, false),
            ] {
                let mut facts = facts(&customer, Some(ask(&[USER], true)), &[USER]);
                facts.relationship_exists = true;
                facts.held = vec![before];
                let decision = decide_acceptance(&facts).unwrap();
                assert!(!decision.stop_extending);
                assert!(decision.write.unwrap().auto_extend);
            }
        }

        #[test]
        fn refusals_come_before_anything_is_written() {
            let customer = admin();
            let asked = || Some(ask(&[USER], false));
            let other_cloud = AcceptanceFacts {
                partner_cloud: "germany".into(),
                ..facts(&customer, asked(), &[USER])
            };
            let role_not_asked = facts(&customer, asked(), &[USER, READER]);
            let ask_changed = AcceptanceFacts {
                shown_ask: Some("2026-01-01T00:00:00Z"),
                ..facts(&customer, asked(), &[USER])
            };
            let other_domain = AcceptanceFacts {
                for_domain: Some("fabrikam.example".into()),
                customer_domain: Some("tailspin.example".into()),
                ..facts(&customer, asked(), &[USER])
            };
            let no_domain = AcceptanceFacts {
                for_domain: Some("fabrikam.example".into()),
                ..facts(&customer, asked(), &[USER])
            };
            let partner = test_user(OrgKind::PartnerCsp, Role::AdminAgent, "global");
            let by_partner = facts(&partner, asked(), &[USER]);
            for (facts, refusal) in [
                (other_cloud, Refusal::OtherCloud),
                (role_not_asked, Refusal::RoleNotAsked),
                (ask_changed, Refusal::AskChanged),
                (other_domain, Refusal::InvitationForAnotherDomain),
                (no_domain, Refusal::InvitationForAnotherDomain),
                (by_partner, Refusal::PartnerUser),
            ] {
                assert_eq!(decide_acceptance(&facts), Err(refusal), "{refusal:?}");
            }
        }

        #[test]
        fn the_ask_shown_and_the_domain_invited_in_any_case_are_accepted() {
            let customer = admin();
            let facts = AcceptanceFacts {
                shown_ask: Some("default"),
                for_domain: Some("Fabrikam.example".into()),
                customer_domain: Some("fabrikam.EXAMPLE".into()),
                ..facts(&customer, Some(ask(&[USER], false)), &[USER])
            };
            assert_eq!(
                decide_acceptance(&facts).map(|decision| decision.outcome),
                Ok(AcceptOutcome::Created)
            );
        }

        #[test]
        fn a_link_without_privileges_grants_nothing_whatever_is_ticked() {
            let customer = admin();
            let mut facts = facts(&customer, None, &[GLOBAL]);
            facts.relationship_exists = true;
            let decision = decide_acceptance(&facts).unwrap();
            assert_eq!(decision.outcome, AcceptOutcome::Unchanged);
            assert_eq!(decision.write, None);
        }

        #[test]
        fn a_used_invitation_is_told_apart_from_an_unknown_link() {
            assert_eq!(missing_link(true), Refusal::InvitationUsed);
            assert_eq!(missing_link(false), Refusal::LinkNotValid);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::test_user as user;

    #[test]
    fn a_customer_admin_of_the_same_cloud_may_accept() {
        assert_eq!(
            may_accept(
                &user(OrgKind::Customer, Role::CustomerAdmin, "global"),
                "global"
            ),
            Ok(())
        );
    }

    #[test]
    fn non_admins_partners_operators_and_other_clouds_may_not() {
        let cases = [
            (
                OrgKind::Customer,
                Role::CustomerUser,
                "global",
                Refusal::NotCustomerAdmin,
            ),
            (
                OrgKind::PartnerCsp,
                Role::AdminAgent,
                "global",
                Refusal::PartnerUser,
            ),
            (
                OrgKind::PartnerAdvisor,
                Role::AdminAgent,
                "global",
                Refusal::PartnerUser,
            ),
            (
                OrgKind::Operator,
                Role::Operator,
                "global",
                Refusal::OperatorUser,
            ),
            (
                OrgKind::Customer,
                Role::CustomerAdmin,
                "germany",
                Refusal::OtherCloud,
            ),
        ];
        for (kind, role, cloud, refusal) in cases {
            assert_eq!(
                may_accept(&user(kind, role, cloud), "global"),
                Err(refusal),
                "{kind:?} {role:?} {cloud}"
            );
        }
    }
}
