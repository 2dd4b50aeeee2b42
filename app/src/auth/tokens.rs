//! Single-use links sent by email: what each is for and how long it lives.
//! Only a token's SHA-256 is stored, so the database alone opens nothing.

/// What an emailed link lets its holder do, once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Choose the first password of an account someone created (an
    /// operator from the command line, an invitation).
    SetPassword,
    /// Choose a new password after "Forgot password?".
    ResetPassword,
    /// Prove that the address of a new account is its owner's.
    VerifyEmail,
}

kernel::sql_text!(Purpose {
    SetPassword => "set_password",
    ResetPassword => "reset_password",
    VerifyEmail => "verify_email",
});

const HOUR_MS: i64 = 60 * 60 * 1000;

/// How long a link of `purpose` works: a day to set a first password or
/// verify an address, an hour to reset a password.
pub fn lifetime_ms(purpose: Purpose) -> i64 {
    match purpose {
        Purpose::SetPassword | Purpose::VerifyEmail => 24 * HOUR_MS,
        Purpose::ResetPassword => HOUR_MS,
    }
}

/// A new token (32 random bytes, URL-safe) and the digest that is stored.
pub fn new_token() -> (String, String) {
    use rand::RngCore;
    let mut bytes = [0_u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let digest = super::two_step::digest(&token);
    (token, digest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reset_link_lives_an_hour_the_others_a_day() {
        assert_eq!(lifetime_ms(Purpose::ResetPassword), HOUR_MS);
        assert_eq!(lifetime_ms(Purpose::SetPassword), 24 * HOUR_MS);
        assert_eq!(lifetime_ms(Purpose::VerifyEmail), 24 * HOUR_MS);
    }

    #[test]
    fn tokens_are_long_random_and_stored_as_digests() {
        let (a, digest) = new_token();
        let (b, _) = new_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_ne!(a, digest);
        assert_eq!(super::super::two_step::digest(&a), digest);
    }
}
