//! Times, days, months, amounts, counts and role names as pages and email
//! show them, in the reader's language: "1 jour" but "2 jours", "décembre
//! 2026", "1 234,50 USD", "Administrateur général". The REST API and CSV
//! exports do not come here: they stay in English and plain numbers.
use crate::i18n::{Locale, td_string};
use kernel::language::Language;
use kernel::role::ServiceRole;

/// `2026-11-24` from an RFC 3339 time.
pub fn short_day(time: &str) -> String {
    time.get(..10).unwrap_or(time).to_string()
}

/// `2026-11-24 22:20 UTC` from an RFC 3339 time in UTC.
pub fn short_time(time: &str) -> String {
    match (time.get(..10), time.get(11..16)) {
        (Some(day), Some(clock)) => format!("{day} {clock} UTC"),
        _ => time.to_string(),
    }
}

/// The kernel's language of a locale.
pub fn language(locale: Locale) -> Language {
    match locale {
        Locale::fr => Language::French,
        Locale::en => Language::English,
    }
}

/// A role's name as the cloud's interface in the reader's language names
/// it ("Global Administrator", "Administrateur général").
pub fn role_name(locale: Locale, role: ServiceRole) -> &'static str {
    role.name_in(language(locale))
}

/// Roles' names in the reader's language, separated by commas.
pub fn role_names(locale: Locale, roles: &[ServiceRole]) -> String {
    kernel::role::names_in(roles, language(locale))
}

/// Whether `count` takes the singular: 1 in English; 0 and 1 in French
/// ("0 jour", "1 jour", "2 jours").
pub fn is_one(locale: Locale, count: u64) -> bool {
    match locale {
        Locale::fr => count <= 1,
        Locale::en => count == 1,
    }
}

/// "1 day", "30 days"; "1 jour", "30 jours".
pub fn days(locale: Locale, count: u32) -> String {
    if is_one(locale, count.into()) {
        td_string!(locale, format.day, count = count).to_string()
    } else {
        td_string!(locale, format.days, count = count).to_string()
    }
}

/// "1 minute", "15 minutes"; "0 minute" in French.
pub fn minutes(locale: Locale, count: u32) -> String {
    if is_one(locale, count.into()) {
        td_string!(locale, format.minute, count = count).to_string()
    } else {
        td_string!(locale, format.minutes, count = count).to_string()
    }
}

/// "December 2026", "décembre 2026" from `2026-12`; anything else as it is.
pub fn month(locale: Locale, year_month: &str) -> String {
    let parts = year_month.split_once('-').and_then(|(year, month)| {
        let number: usize = month.parse().ok()?;
        let name = td_string!(locale, format.months)
            .split(',')
            .nth(number.checked_sub(1)?)?;
        (year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit())).then_some((name, year))
    });
    match parts {
        Some((name, year)) => format!("{} {year}", name.trim()),
        None => year_month.to_string(),
    }
}

/// An amount in the catalog's currency: "1234.50 USD" in English (as the
/// pages always wrote it); "1 234,50 USD" in French, thousands apart by a
/// narrow no-break space, the currency by a no-break space.
pub fn money(locale: Locale, cents: i64) -> String {
    match locale {
        Locale::en => kernel::money::money(cents),
        Locale::fr => {
            let sign = if cents < 0 { "-" } else { "" };
            let cents = cents.unsigned_abs();
            let units = (cents / 100).to_string();
            let mut grouped = String::new();
            for (i, digit) in units.chars().enumerate() {
                if i > 0 && (units.len() - i).is_multiple_of(3) {
                    grouped.push('\u{202F}');
                }
                grouped.push(digit);
            }
            format!("{sign}{grouped},{:02}\u{A0}USD", cents % 100)
        }
    }
}

/// A name after "of" as the language writes it, for a sentence whose
/// French says "de" in the name's place ("Rôle {{ name }}"): French
/// elides before a vowel ("d'Alex", "de Marc"); English writes the name
/// alone ("Role of {{ name }}").
pub fn of_name(locale: Locale, name: &str) -> String {
    match locale {
        Locale::en => name.to_string(),
        Locale::fr => {
            let vowel = name.chars().next().is_some_and(|first| {
                "aeiouyàâäéèêëîïôöùûüœæAEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜŒÆ".contains(first)
            });
            if vowel {
                format!("d'{name}")
            } else {
                format!("de {name}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_take_the_plural_each_language_gives_them() {
        assert_eq!(days(Locale::en, 1), "1 day");
        assert_eq!(days(Locale::en, 0), "0 days");
        assert_eq!(days(Locale::en, 30), "30 days");
        assert_eq!(days(Locale::fr, 1), "1 jour");
        assert_eq!(days(Locale::fr, 0), "0 jour");
        assert_eq!(days(Locale::fr, 2), "2 jours");
        assert_eq!(minutes(Locale::en, 1), "1 minute");
        assert_eq!(minutes(Locale::en, 15), "15 minutes");
        assert_eq!(minutes(Locale::fr, 1), "1 minute");
    }

    #[test]
    fn months_are_named_in_the_readers_language() {
        assert_eq!(month(Locale::fr, "2026-12"), "décembre 2026");
        assert_eq!(month(Locale::fr, "2027-08"), "août 2027");
        assert_eq!(month(Locale::en, "2026-12"), "December 2026");
        assert_eq!(month(Locale::en, "2026-01"), "January 2026");
        for odd in ["2026-13", "2026-00", "26-12", "", "december"] {
            assert_eq!(month(Locale::fr, odd), odd);
        }
    }

    #[test]
    fn amounts_are_written_as_each_language_writes_them() {
        assert_eq!(money(Locale::en, 123_450), "1234.50 USD");
        assert_eq!(money(Locale::fr, 123_450), "1\u{202F}234,50\u{A0}USD");
        assert_eq!(money(Locale::fr, 3600), "36,00\u{A0}USD");
        assert_eq!(
            money(Locale::fr, 100_000_000),
            "1\u{202F}000\u{202F}000,00\u{A0}USD"
        );
        assert_eq!(money(Locale::fr, -5), "-0,05\u{A0}USD");
    }

    #[test]
    fn french_elides_de_before_a_vowel() {
        assert_eq!(of_name(Locale::fr, "Alex"), "d'Alex");
        assert_eq!(of_name(Locale::fr, "Élodie"), "d'Élodie");
        assert_eq!(of_name(Locale::fr, "Marc"), "de Marc");
        assert_eq!(of_name(Locale::en, "Alex"), "Alex");
    }

    /// Every French text of the locale file, with its key.
    fn french_texts() -> Vec<(String, String)> {
        fn walk(prefix: &str, value: &serde_json::Value, out: &mut Vec<(String, String)>) {
            match value {
                serde_json::Value::Object(map) => {
                    for (key, value) in map {
                        walk(&format!("{prefix}{key}."), value, out);
                    }
                }
                serde_json::Value::String(text) => out.push((prefix.to_string(), text.clone())),
                _ => {}
            }
        }
        let file: serde_json::Value =
            serde_json::from_str(include_str!("../../locales/fr.json")).expect("fr.json is JSON");
        let mut out = Vec::new();
        walk("", &file, &mut out);
        out
    }

    #[test]
    fn french_sets_a_no_break_space_before_double_punctuation() {
        for (key, text) in french_texts() {
            let chars: Vec<char> = text.chars().collect();
            for (i, mark) in chars.iter().enumerate() {
                let before = i.checked_sub(1).map(|j| chars[j]);
                let after = chars.get(i + 1).copied();
                let ends_word = after.is_none_or(char::is_whitespace);
                match mark {
                    ':' | ';' | '?' | '!' if ends_word => assert!(
                        matches!(before, Some('\u{A0}' | '\u{202F}'))
                            || text[..text.char_indices().nth(i).map_or(0, |(b, _)| b)]
                                .ends_with("Authorization"),
                        "{key}: a no-break space before {mark:?} in {text:?}"
                    ),
                    '«' => assert_eq!(after, Some('\u{A0}'), "{key}: {text:?}"),
                    '»' => assert_eq!(before, Some('\u{A0}'), "{key}: {text:?}"),
                    _ => {}
                }
            }
        }
    }

    #[test]
    fn roles_are_named_in_the_readers_language() {
        assert_eq!(
            role_name(Locale::fr, ServiceRole::GlobalAdministrator),
            "Administrateur général"
        );
        assert_eq!(
            role_name(Locale::en, ServiceRole::GlobalAdministrator),
            "Global Administrator"
        );
        assert_eq!(
            role_names(Locale::fr, &[ServiceRole::Owner, ServiceRole::Reader]),
            "Propriétaire, Lecteur"
        );
    }
}
