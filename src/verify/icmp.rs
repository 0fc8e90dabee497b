//! ICMP (IPv4) message types by number or by the names iptables and nft print.

/// The type number of `text`: a number, or a name such as `echo-request`.
pub fn icmp_type(text: &str) -> Option<u16> {
    if let Ok(n) = text.parse::<u8>() {
        return Some(u16::from(n));
    }
    let n = match text {
        "echo-reply" | "pong" => 0,
        "destination-unreachable" => 3,
        "source-quench" => 4,
        "redirect" => 5,
        "echo-request" | "ping" => 8,
        "router-advertisement" => 9,
        "router-solicitation" => 10,
        "time-exceeded" | "ttl-exceeded" => 11,
        "parameter-problem" => 12,
        "timestamp-request" => 13,
        "timestamp-reply" => 14,
        "info-request" => 15,
        "info-reply" => 16,
        "address-mask-request" => 17,
        "address-mask-reply" => 18,
        _ => return None,
    };
    Some(n)
}
