//! Two-step verification (TOTP, RFC 6238) and its recovery codes: the rules,
//! with the clock given. No I/O.
use totp_rs::{Algorithm, Secret, TOTP};

/// Seconds per code.
pub const STEP: u64 = 30;
/// Digits per code.
pub const DIGITS: usize = 6;
/// Recovery codes shown when two-step verification is turned on.
pub const RECOVERY_CODES: usize = 10;

/// A new secret: 20 random bytes (160 bits, as RFC 4226 recommends), in
/// base32 without padding, as authenticator apps read it.
pub fn new_secret() -> String {
    Secret::generate_secret().to_encoded().to_string()
}

fn totp(secret: &str, account: &str) -> Option<TOTP> {
    let bytes = Secret::Encoded(secret.to_string()).to_bytes().ok()?;
    TOTP::new(
        Algorithm::SHA1,
        DIGITS,
        1,
        STEP,
        bytes,
        Some(crate::ui::PRODUCT.to_string()),
        account.to_string(),
    )
    .ok()
}

/// The `otpauth://` address an authenticator app reads from the QR code.
pub fn otpauth_url(secret: &str, account: &str) -> Option<String> {
    Some(totp(secret, account)?.get_url())
}

/// The QR code of `url`, as an SVG image (dark modules on white).
pub fn qr_svg(url: &str) -> Option<String> {
    let code = qrcode::QrCode::new(url.as_bytes()).ok()?;
    Some(
        code.render::<qrcode::render::svg::Color<'_>>()
            .min_dimensions(200, 200)
            .quiet_zone(true)
            .build(),
    )
}

/// The time step of Unix time `now_secs`.
pub fn step_of(now_secs: u64) -> i64 {
    (now_secs / STEP) as i64
}

/// The time step `code` is valid for at `now_secs`, if it is: the current
/// step or the one before or after (clocks drift), and only a step later
/// than `last_step`, the last one a code was accepted for, so that a code
/// works once.
pub fn accepted_step(
    secret: &str,
    code: &str,
    now_secs: u64,
    last_step: Option<i64>,
) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != DIGITS || !code.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let totp = totp(secret, "")?;
    let now = step_of(now_secs);
    (now - 1..=now + 1)
        .filter(|step| last_step.is_none_or(|last| *step > last) && *step >= 0)
        .find(|step| {
            let expected = totp.generate(*step as u64 * STEP);
            constant_time_eq(expected.as_bytes(), code.as_bytes())
        })
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0_u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Ten new recovery codes, `xxxxx-xxxxx` in lower-case letters and digits
/// (about 51 bits each).
pub fn new_recovery_codes() -> Vec<String> {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::thread_rng();
    (0..RECOVERY_CODES)
        .map(|_| {
            let mut code: String = (0..10)
                .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
                .collect();
            code.insert(5, '-');
            code
        })
        .collect()
}

/// A recovery code as typed, in the form its hash is kept of: lower case,
/// without spaces or dashes. `None` when it cannot be one.
pub fn normalized_recovery_code(typed: &str) -> Option<String> {
    let code: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_lowercase)
        .collect();
    (code.len() == 10 && code.chars().all(|c| c.is_ascii_alphanumeric())).then_some(code)
}

/// What is kept of a recovery code (or of an emailed token): its SHA-256, in hex.
pub fn digest(value: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(value.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238's test secret ("12345678901234567890") in base32.
    const RFC_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    fn code_at(secret: &str, secs: u64) -> String {
        totp(secret, "").unwrap().generate(secs)
    }

    #[test]
    fn codes_are_those_of_rfc_6238() {
        // The RFC's SHA-1 vectors, cut to six digits.
        assert_eq!(code_at(RFC_SECRET, 59), "287082");
        assert_eq!(code_at(RFC_SECRET, 1_111_111_109), "081804");
        assert_eq!(code_at(RFC_SECRET, 1_234_567_890), "005924");
    }

    #[test]
    fn a_code_is_accepted_in_its_step_and_the_neighbouring_ones_only() {
        let now = 1_234_567_890;
        let code = code_at(RFC_SECRET, now);
        let step = step_of(now);
        assert_eq!(accepted_step(RFC_SECRET, &code, now, None), Some(step));
        assert_eq!(
            accepted_step(RFC_SECRET, &code, now + STEP, None),
            Some(step)
        );
        assert_eq!(
            accepted_step(RFC_SECRET, &code, now - STEP, None),
            Some(step)
        );
        assert_eq!(accepted_step(RFC_SECRET, &code, now + 3 * STEP, None), None);
        assert_eq!(accepted_step(RFC_SECRET, "000000", now, None), None);
        assert_eq!(accepted_step(RFC_SECRET, "12345", now, None), None);
        assert_eq!(accepted_step(RFC_SECRET, "abcdef", now, None), None);
        assert_eq!(
            accepted_step(RFC_SECRET, &format!(" {} ", &code), now, None),
            Some(step)
        );
    }

    #[test]
    fn a_code_works_once() {
        let now = 1_234_567_890;
        let code = code_at(RFC_SECRET, now);
        let step = accepted_step(RFC_SECRET, &code, now, None).unwrap();
        assert_eq!(accepted_step(RFC_SECRET, &code, now, Some(step)), None);
        // The next step's code still works.
        let next = code_at(RFC_SECRET, now + STEP);
        assert_eq!(
            accepted_step(RFC_SECRET, &next, now + STEP, Some(step)),
            Some(step + 1)
        );
    }

    #[test]
    fn a_new_secret_makes_codes_an_app_can_read() {
        let secret = new_secret();
        assert!(secret.len() >= 32, "{secret}");
        assert!(
            secret
                .chars()
                .all(|c| c.is_ascii_uppercase() || ('2'..='7').contains(&c))
        );
        let url = otpauth_url(&secret, "nina@fabrikam.example").unwrap();
        assert!(url.starts_with("otpauth://totp/Liaison:nina%40fabrikam.example?secret="));
        assert!(qr_svg(&url).unwrap().starts_with("<?xml"));
    }

    #[test]
    fn recovery_codes_are_ten_distinct_and_read_back_however_typed() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), 10);
        let distinct: std::collections::HashSet<_> = codes.iter().collect();
        assert_eq!(distinct.len(), 10);
        let code = &codes[0];
        let normal = normalized_recovery_code(code).unwrap();
        assert_eq!(
            normalized_recovery_code(&code.to_uppercase().replace('-', " ")),
            Some(normal.clone())
        );
        assert_eq!(normalized_recovery_code("123456"), None);
        assert_ne!(digest(&normal), normal);
        assert_eq!(digest(&normal).len(), 64);
    }
}
