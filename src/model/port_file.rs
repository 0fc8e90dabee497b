//! How option ports read from a file: a number from 1 to 65535. Port 0 is refused as it is
//! read, so the message carries the option's line and column; numbers above 65535 are
//! refused by the reader itself.

use serde::{Deserialize, Deserializer, de};

const REAL_PORT: &str = "port 0 is outside 1-65535: set a real port";

/// A port option: 1-65535.
pub(super) fn port<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u16, D::Error> {
    match u16::deserialize(deserializer)? {
        0 => Err(de::Error::custom(REAL_PORT)),
        p => Ok(p),
    }
}

/// An optional port option: absent, or 1-65535.
pub(super) fn optional_port<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<u16>, D::Error> {
    match Option::<u16>::deserialize(deserializer)? {
        Some(0) => Err(de::Error::custom(REAL_PORT)),
        p => Ok(p),
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{NodeOptions, Options};
    use crate::ron_text::parse;

    #[test]
    fn port_zero_is_refused_where_it_is_written() {
        let e = parse::<Options>("(\n    crl: Http,\n    rdp_port: 0,\n)").unwrap_err();
        assert_eq!(
            (e.line, e.message.as_str()),
            (3, "port 0 is outside 1-65535: set a real port")
        );
        let e = parse::<Options>("(wmi_port: 0)").unwrap_err();
        assert_eq!((e.line, e.col), (1, 12));
        let e = parse::<NodeOptions>("(crl: Http, wds_rpc_port: 0)").unwrap_err();
        assert_eq!((e.line, e.col), (1, 27));
        let ok = parse::<NodeOptions>("(wmi_port: 24158, rdp_port: Some(3390))").unwrap();
        assert_eq!((ok.wmi_port, ok.rdp_port), (Some(24158), Some(3390)));
        assert_eq!(
            parse::<NodeOptions>("(wmi_port: None)").unwrap().wmi_port,
            None
        );
    }
}
