//! Chinese phone numbers: what a person may type, and the one form we store.
//!
//! Mobiles are stored as 11 bare digits (`13800138000`); landlines as
//! `area-number` (`010-12345678`, `0571-8888888`); 400/800 service numbers as
//! `400-123-4567`. Country prefixes, spaces, dashes, dots, brackets and
//! full-width digits are accepted on input.

use super::text::to_half_width;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhoneKind {
    Mobile,
    Landline,
    Service,
}

/// Why a typed phone number was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("a phone number contains only digits, spaces, dashes and +86")]
    InvalidCharacters,
    #[error("a mobile number has 11 digits and starts with 1")]
    MobileLength,
    #[error("not a Chinese mobile or landline number")]
    Unrecognised,
}

/// A validated, normalised phone number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone {
    normalized: String,
    kind: PhoneKind,
}

impl Phone {
    /// Validates and normalises a phone number typed by a person or found in a
    /// spreadsheet.
    pub fn parse(input: &str) -> Result<Phone, PhoneError> {
        let half = to_half_width(input);
        let trimmed = half.trim().trim_start_matches('\'');
        let mut digits = String::with_capacity(trimmed.len());
        let mut plus = false;
        for (i, c) in trimmed.chars().enumerate() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '-' | '.' | '(' | ')' | '\u{2014}' | '\u{2013}' => {}
                '+' if i == 0 || (i == 1 && trimmed.starts_with('(')) => plus = true,
                _ => return Err(PhoneError::InvalidCharacters),
            }
        }
        if digits.is_empty() {
            return Err(PhoneError::Unrecognised);
        }
        // Strip the country code in its usual spellings: +86, 0086, 86 before a mobile.
        if let Some(rest) = digits.strip_prefix("0086") {
            digits = rest.to_string();
        } else if digits.starts_with("86")
            && (plus || (digits.len() == 13 && digits.as_bytes()[2] == b'1'))
        {
            digits = digits[2..].to_string();
        } else if plus {
            return Err(PhoneError::Unrecognised);
        }
        Self::from_digits(&digits)
    }

    fn from_digits(digits: &str) -> Result<Phone, PhoneError> {
        let bytes = digits.as_bytes();
        if bytes[0] == b'1' {
            if digits.len() != 11 {
                return Err(PhoneError::MobileLength);
            }
            if !(b'3'..=b'9').contains(&bytes[1]) {
                return Err(PhoneError::Unrecognised);
            }
            return Ok(Phone {
                normalized: digits.to_string(),
                kind: PhoneKind::Mobile,
            });
        }
        if (digits.starts_with("400") || digits.starts_with("800")) && digits.len() == 10 {
            let normalized = format!("{}-{}-{}", &digits[..3], &digits[3..6], &digits[6..]);
            return Ok(Phone {
                normalized,
                kind: PhoneKind::Service,
            });
        }
        if bytes[0] == b'0' {
            // Beijing, Tianjin and the 02x cities have three-digit area codes; the rest four.
            let area_len = if digits.starts_with("01") || digits.starts_with("02") {
                3
            } else {
                4
            };
            let local = digits.len().saturating_sub(area_len);
            if digits.len() > area_len && (7..=8).contains(&local) {
                let normalized = format!("{}-{}", &digits[..area_len], &digits[area_len..]);
                return Ok(Phone {
                    normalized,
                    kind: PhoneKind::Landline,
                });
            }
            return Err(PhoneError::Unrecognised);
        }
        if (7..=8).contains(&digits.len()) {
            // A local landline without area code, as small shops often write them.
            return Ok(Phone {
                normalized: digits.to_string(),
                kind: PhoneKind::Landline,
            });
        }
        Err(PhoneError::Unrecognised)
    }

    pub fn as_str(&self) -> &str {
        &self.normalized
    }

    pub fn kind(&self) -> PhoneKind {
        self.kind
    }

    pub fn into_string(self) -> String {
        self.normalized
    }
}

/// The digits of a stored or typed number, for "any part" searches.
pub fn digits_only(input: &str) -> String {
    to_half_width(input)
        .chars()
        .filter(char::is_ascii_digit)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> Result<String, PhoneError> {
        Phone::parse(s).map(Phone::into_string)
    }

    #[test]
    fn mobiles_in_many_spellings_normalise_to_eleven_digits() {
        for input in [
            "13800138000",
            "138 0013 8000",
            "138-0013-8000",
            "+86 138 0013 8000",
            "+8613800138000",
            "(+86)13800138000",
            "008613800138000",
            "8613800138000",
            "１３８００１３８０００",
            "'13800138000",
        ] {
            assert_eq!(norm(input).as_deref(), Ok("13800138000"), "input {input}");
        }
        assert_eq!(
            Phone::parse("13800138000").unwrap().kind(),
            PhoneKind::Mobile
        );
    }

    #[test]
    fn wrong_length_mobiles_are_refused() {
        assert_eq!(norm("1380013800"), Err(PhoneError::MobileLength));
        assert_eq!(norm("138001380001"), Err(PhoneError::MobileLength));
        assert_eq!(norm("12800138000"), Err(PhoneError::Unrecognised));
    }

    #[test]
    fn landlines_keep_their_area_code() {
        assert_eq!(norm("010-12345678").as_deref(), Ok("010-12345678"));
        assert_eq!(norm("(0571) 8888 8888").as_deref(), Ok("0571-88888888"));
        assert_eq!(norm("02087654321").as_deref(), Ok("020-87654321"));
        assert_eq!(norm("8765432").as_deref(), Ok("8765432"));
        assert_eq!(norm("400 123 4567").as_deref(), Ok("400-123-4567"));
        assert_eq!(
            Phone::parse("010-12345678").unwrap().kind(),
            PhoneKind::Landline
        );
    }

    #[test]
    fn letters_and_garbage_are_refused() {
        assert_eq!(norm("abc"), Err(PhoneError::InvalidCharacters));
        assert_eq!(norm("138x0013"), Err(PhoneError::InvalidCharacters));
        assert_eq!(norm("---"), Err(PhoneError::Unrecognised));
        assert_eq!(norm("12345"), Err(PhoneError::MobileLength));
        assert_eq!(norm("54321"), Err(PhoneError::Unrecognised));
        assert_eq!(norm("+1 415 555 0100"), Err(PhoneError::Unrecognised));
    }

    #[test]
    fn digits_only_drops_separators() {
        assert_eq!(digits_only("010-1234 5678"), "01012345678");
        assert_eq!(digits_only("１３８"), "138");
    }
}
