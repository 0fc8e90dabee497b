//! Conditions under which a requirement applies: as catalog files write them
//! ([`Condition`]), and resolved when the catalog loads into a closed, typed set of tests
//! ([`Atom`]) the engine evaluates without looking anything up. A condition naming an
//! option, a value or a role that does not exist is a load error, never a silent "true".

use super::RoleIdx;
use crate::model::{OptionInfo, OptionKind, OptionValue, PerimeterMode, option_info};
use crate::quote::quoted;
use serde::{Deserialize, Serialize};

/// One side of a requirement.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Side {
    #[default]
    Consumer,
    Provider,
}

/// When a requirement applies, as written in a catalog file. Options are named by their
/// file key (see `portolan` README, Options) and read on the node of the given side.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Condition {
    /// An on/off option is on: `On(Provider, "gateway_udp")`.
    On(Side, String),
    /// A choice option has this value: `Is(Consumer, "crl", "Ldap")`.
    Is(Side, String, String),
    /// The node is on a perimeter network, as an option of the "in a perimeter network"
    /// kind says (by default: its zone is a perimeter): `InPerimeter(Consumer,
    /// "rdweb_perimeter")`.
    InPerimeter(Side, String),
    /// The consumer has no provider of this role (clients without an RD Gateway connect
    /// directly): `WithoutProvider("rd_gateway")`.
    WithoutProvider(String),
    /// Consumer and provider are in the same domain (their `domain`; nodes without one
    /// are in the plan's own domain).
    SameDomain,
    /// Consumer and provider are in different domains.
    DifferentDomains,
    /// The consumer's zone has at least this many nodes holding the role (the consumer
    /// included): `AtLeastInZone("rd_connection_broker", 2)`, brokers in high availability.
    AtLeastInZone(String, usize),
    /// Every condition of the list holds.
    All(Vec<Condition>),
}

/// One resolved test of a condition. The set is closed: the engine's evaluation matches
/// every variant, so a new kind of condition is added here, once, for every role.
#[derive(Clone, Copy, Debug)]
pub enum Atom {
    /// The option on `side` has `value`.
    Option {
        side: Side,
        option: &'static OptionInfo,
        value: OptionValue,
    },
    /// The node on `side` is on a perimeter network: `option` (a [`PerimeterMode`]) says
    /// so, or leaves it to the zone's kind.
    InPerimeter {
        side: Side,
        option: &'static OptionInfo,
    },
    /// The consumer has no provider of the role.
    WithoutProvider(RoleIdx),
    /// Consumer and provider are in the same domain (`true`) or in different ones.
    SameDomain(bool),
    /// The consumer's zone has at least this many holders of the role.
    AtLeastInZone(RoleIdx, usize),
}

impl Atom {
    /// Whether the atom reads the provider (its options, or the pair): then it is tested
    /// per provider, otherwise once per consumer.
    pub fn reads_provider(&self) -> bool {
        match self {
            Atom::Option { side, .. } | Atom::InPerimeter { side, .. } => *side == Side::Provider,
            Atom::SameDomain(_) => true,
            Atom::WithoutProvider(_) | Atom::AtLeastInZone(..) => false,
        }
    }

    /// The option the atom reads, with the side it reads it on.
    pub fn option(&self) -> Option<(Side, &'static OptionInfo)> {
        match *self {
            Atom::Option { side, option, .. } | Atom::InPerimeter { side, option } => {
                Some((side, option))
            }
            Atom::WithoutProvider(_) | Atom::SameDomain(_) | Atom::AtLeastInZone(..) => None,
        }
    }
}

/// A requirement's condition resolved: the atoms that read only the consumer and the plan,
/// and those that read the provider. The requirement applies when all hold.
#[derive(Clone, Debug, Default)]
pub struct Test {
    pub consumer: Vec<Atom>,
    pub pair: Vec<Atom>,
}

impl Condition {
    /// Resolves the condition into `test`, looking roles up with `role`.
    ///
    /// # Errors
    /// A sentence saying what is wrong (an unknown option, value or role, an option of
    /// the wrong kind), to follow "requirement `x` ".
    pub(super) fn resolve(
        &self,
        role: &dyn Fn(&str) -> Option<RoleIdx>,
        test: &mut Test,
    ) -> Result<(), String> {
        let atom = match self {
            Condition::All(all) => {
                for c in all {
                    c.resolve(role, test)?;
                }
                return Ok(());
            }
            Condition::On(side, key) => {
                let option = option_of(key, "On")?;
                if option.kind != OptionKind::Flag {
                    return Err(format!(
                        "tests `On` the option {}, which is not on/off: use `Is({side:?}, \"{key}\", value)`",
                        quoted(key)
                    ));
                }
                Atom::Option {
                    side: *side,
                    option,
                    value: OptionValue::Flag(true),
                }
            }
            Condition::Is(side, key, value) => {
                let option = option_of(key, "Is")?;
                let OptionKind::Choice(choices) = option.kind else {
                    return Err(format!(
                        "tests `Is` the option {}, which is not a choice: use `On` for on/off options",
                        quoted(key)
                    ));
                };
                let Some(index) = choices.iter().position(|c| c.id == value) else {
                    let ids: Vec<&str> = choices.iter().map(|c| c.id).collect();
                    return Err(format!(
                        "tests the option {} for {}, which is not one of its values ({})",
                        quoted(key),
                        quoted(value),
                        ids.join(", ")
                    ));
                };
                Atom::Option {
                    side: *side,
                    option,
                    value: OptionValue::Choice(index),
                }
            }
            Condition::InPerimeter(side, key) => {
                let option = option_of(key, "InPerimeter")?;
                if option.kind != <PerimeterMode as crate::model::OptionType>::KIND {
                    return Err(format!(
                        "tests `InPerimeter` with the option {}, which does not say whether a node is on a perimeter network (like `rdweb_perimeter`)",
                        quoted(key)
                    ));
                }
                Atom::InPerimeter {
                    side: *side,
                    option,
                }
            }
            Condition::WithoutProvider(r) => Atom::WithoutProvider(role_of(role, r)?),
            Condition::SameDomain => Atom::SameDomain(true),
            Condition::DifferentDomains => Atom::SameDomain(false),
            Condition::AtLeastInZone(r, n) => Atom::AtLeastInZone(role_of(role, r)?, *n),
        };
        if atom.reads_provider() {
            test.pair.push(atom);
        } else {
            test.consumer.push(atom);
        }
        Ok(())
    }
}

fn option_of(key: &str, test: &str) -> Result<&'static OptionInfo, String> {
    option_info(key).ok_or_else(|| {
        format!(
            "tests `{test}` the option {}, which does not exist: use an option key from the README's Options table",
            quoted(key)
        )
    })
}

fn role_of(role: &dyn Fn(&str) -> Option<RoleIdx>, id: &str) -> Result<RoleIdx, String> {
    role(id).ok_or_else(|| {
        format!(
            "names the role {} in its condition, which no catalog defines",
            quoted(id)
        )
    })
}
