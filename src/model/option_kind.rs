//! What an option can hold, as data: its kind (flag, port, range, choice...) and its value,
//! so panels, validation, catalog conditions and messages handle every option the same
//! way without naming it.

use super::PortRange;
use serde::{Serialize, de::DeserializeOwned};
use std::fmt::Debug;
use std::hash::Hash;

/// One of the values a choice option can take: its id in files and its label on screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Choice {
    /// As written in plan and catalog files, e.g. `"Ldap"`.
    pub id: &'static str,
    /// As shown to the user, e.g. `"LDAP"`.
    pub label: &'static str,
}

/// The kind of an option: decides its editor, its validation and how conditions test it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptionKind {
    /// On or off.
    Flag,
    /// A port, 1-65535.
    Port,
    /// A port range such as `64001-65000`.
    Range,
    /// A fixed port, or none: then the listener's dynamic RPC range.
    OptionalPort,
    /// A port range, or none: then the Windows default.
    OptionalRange,
    /// One of a closed set of values.
    Choice(&'static [Choice]),
}

/// The value of one option, typed by its [`OptionKind`]. A choice is its index in the
/// kind's list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OptionValue {
    Flag(bool),
    Port(u16),
    Range(PortRange),
    OptionalPort(Option<u16>),
    OptionalRange(Option<PortRange>),
    Choice(usize),
}

impl OptionValue {
    /// Whether every port in the value is a real one (1-65535).
    pub fn is_valid(self) -> bool {
        match self {
            OptionValue::Port(p) | OptionValue::OptionalPort(Some(p)) => p != 0,
            OptionValue::Range(r) | OptionValue::OptionalRange(Some(r)) => r.is_valid(),
            OptionValue::Flag(_)
            | OptionValue::OptionalPort(None)
            | OptionValue::OptionalRange(None)
            | OptionValue::Choice(_) => true,
        }
    }

    /// The value as a user reads it: `"on"`, `"3389"`, `"LDAP"`; `unset` for an empty
    /// optional value.
    pub fn text(self, kind: OptionKind, unset: &str) -> String {
        match (self, kind) {
            (OptionValue::Flag(on), _) => if on { "on" } else { "off" }.into(),
            (OptionValue::Port(p) | OptionValue::OptionalPort(Some(p)), _) => p.to_string(),
            (OptionValue::Range(r) | OptionValue::OptionalRange(Some(r)), _) => r.to_string(),
            (OptionValue::OptionalPort(None) | OptionValue::OptionalRange(None), _) => unset.into(),
            (OptionValue::Choice(i), OptionKind::Choice(choices)) => choices
                .get(i)
                .map_or_else(|| i.to_string(), |c| c.label.into()),
            (OptionValue::Choice(i), _) => i.to_string(),
        }
    }
}

/// A Rust type an option is stored as: how it converts to and from [`OptionValue`], and how
/// a node's override of it applies. Implemented for `bool`, `u16`, [`PortRange`], their
/// optional forms and the choice enums of `super::options`.
pub trait OptionType: Copy + PartialEq + Sized {
    /// A node override holds `Option<Self::Inner>`: `None` keeps the plan-wide value.
    type Inner: Copy + Debug + PartialEq + Eq + Hash + Serialize + DeserializeOwned + ValidInner;
    const KIND: OptionKind;
    fn to_value(self) -> OptionValue;
    /// `None` when `value` is of another kind.
    fn from_value(value: OptionValue) -> Option<Self>;
    /// The effective value of a node with override `over` under the plan-wide `base`.
    fn apply(over: Option<Self::Inner>, base: Self) -> Self;
    /// An override as a value (`None`: not overridden).
    fn inner_value(inner: Self::Inner) -> OptionValue;
    /// The override a value sets; `None` when `value` is of another kind. An optional
    /// option set to "none" clears the override (it cannot unset a plan-wide value).
    fn inner_from(value: OptionValue) -> Option<Option<Self::Inner>>;
    /// Whether the value is an unset optional one: left out of saved files.
    fn is_unset(&self) -> bool {
        false
    }
}

/// Whether a node override's value is a real one (ports 1-65535): checked as plan files
/// are read, so a bad value is refused at its line.
pub trait ValidInner {
    fn is_valid(&self) -> bool {
        true
    }
}

impl ValidInner for bool {}

impl ValidInner for u16 {
    fn is_valid(&self) -> bool {
        *self != 0
    }
}

impl ValidInner for PortRange {
    fn is_valid(&self) -> bool {
        PortRange::is_valid(self)
    }
}

macro_rules! plain_option_type {
    ($ty:ty, $kind:ident) => {
        impl OptionType for $ty {
            type Inner = $ty;
            const KIND: OptionKind = OptionKind::$kind;
            fn to_value(self) -> OptionValue {
                OptionValue::$kind(self)
            }
            fn from_value(value: OptionValue) -> Option<Self> {
                match value {
                    OptionValue::$kind(v) => Some(v),
                    _ => None,
                }
            }
            fn apply(over: Option<Self::Inner>, base: Self) -> Self {
                over.unwrap_or(base)
            }
            fn inner_value(inner: Self::Inner) -> OptionValue {
                OptionValue::$kind(inner)
            }
            fn inner_from(value: OptionValue) -> Option<Option<Self::Inner>> {
                Self::from_value(value).map(Some)
            }
        }
    };
}

plain_option_type!(bool, Flag);
plain_option_type!(u16, Port);
plain_option_type!(PortRange, Range);

macro_rules! optional_option_type {
    ($ty:ty, $kind:ident) => {
        impl OptionType for Option<$ty> {
            type Inner = $ty;
            const KIND: OptionKind = OptionKind::$kind;
            fn to_value(self) -> OptionValue {
                OptionValue::$kind(self)
            }
            fn from_value(value: OptionValue) -> Option<Self> {
                match value {
                    OptionValue::$kind(v) => Some(v),
                    _ => None,
                }
            }
            fn apply(over: Option<Self::Inner>, base: Self) -> Self {
                over.or(base)
            }
            fn inner_value(inner: Self::Inner) -> OptionValue {
                OptionValue::$kind(Some(inner))
            }
            fn inner_from(value: OptionValue) -> Option<Option<Self::Inner>> {
                Self::from_value(value)
            }
            fn is_unset(&self) -> bool {
                self.is_none()
            }
        }
    };
}

optional_option_type!(u16, OptionalPort);
optional_option_type!(PortRange, OptionalRange);

/// Declares an enum whose variants are the values of a choice option, each with its label
/// on screen, and implements [`OptionType`] for it.
macro_rules! choice_enum {
    ($(#[$meta:meta])* $name:ident {
        $($(#[$vmeta:meta])* $variant:ident => $label:literal,)+
    }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $crate::model::option_kind::ValidInner for $name {}

        impl $name {
            /// Every value, in the order the panels list them.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];
            /// Each value's id and label, in [`Self::ALL`] order.
            pub const CHOICES: &'static [$crate::model::Choice] = &[
                $($crate::model::Choice { id: stringify!($variant), label: $label },)+
            ];

            /// The label shown to the user.
            pub fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $label,)+
                }
            }
        }

        impl $crate::model::OptionType for $name {
            type Inner = $name;
            const KIND: $crate::model::OptionKind = $crate::model::OptionKind::Choice(Self::CHOICES);
            fn to_value(self) -> $crate::model::OptionValue {
                let index = Self::ALL.iter().position(|v| *v == self).unwrap_or(0);
                $crate::model::OptionValue::Choice(index)
            }
            fn from_value(value: $crate::model::OptionValue) -> Option<Self> {
                match value {
                    $crate::model::OptionValue::Choice(i) => Self::ALL.get(i).copied(),
                    _ => None,
                }
            }
            fn apply(over: Option<Self>, base: Self) -> Self {
                over.unwrap_or(base)
            }
            fn inner_value(inner: Self) -> $crate::model::OptionValue {
                $crate::model::OptionType::to_value(inner)
            }
            fn inner_from(value: $crate::model::OptionValue) -> Option<Option<Self>> {
                <Self as $crate::model::OptionType>::from_value(value).map(Some)
            }
        }
    };
}

pub(crate) use choice_enum;
