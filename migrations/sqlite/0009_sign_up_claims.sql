-- An organization that signs up owns its domain only once its first
-- administrator has verified their address: until then the domain waits in
-- pending_domain, another sign-up at the same domain is allowed, and the
-- first to verify keeps it. Pending organizations are deleted after 7 days.
ALTER TABLE organizations ADD COLUMN pending_domain TEXT;

-- Organizations that signed up before and whose administrators have not
-- verified their address yet own nothing either (members they invited who
-- never chose a password verified nothing).
UPDATE organizations SET pending_domain = verified_domain, verified_domain = NULL
WHERE kind = 'customer' AND verified_domain IS NOT NULL
  AND EXISTS (SELECT 1 FROM users u
              WHERE u.organization_id = organizations.id AND u.email_unverified = 1)
  AND NOT EXISTS (SELECT 1 FROM users u2
                  WHERE u2.organization_id = organizations.id AND u2.password_hash <> '' AND u2.email_unverified = 0);

-- A slug never takes the name of a page beside an organization's own
-- (/partner/customers/request-relationship): such organizations are renamed.
UPDATE organizations SET slug = slug || '-' || substr(id, 1, 8)
WHERE slug IN ('request-relationship');
