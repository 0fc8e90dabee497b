//! How a plan file is written: like the examples, by hand. `Plan(` with one field a line;
//! zones, firewalls, nodes and layout entries one a line; options one a line and only
//! those that differ from their defaults. Everything reads back to the same plan.
//!
//! The field names and values come from the model's serde derives (captured with
//! [`fields`]), so a new field is written without a change here.

use crate::model::{Options, Plan};
use serde::Serialize;
use serde::ser::{self, Impossible};
use std::fmt;

const INDENT: &str = "    ";

/// Writes `plan` as plan-file text, with the `implicit_some` header. **O(plan)**.
///
/// # Errors
/// Only if a value cannot be written as RON (never for a plan read from a file).
pub fn plan_to_text(plan: &Plan) -> Result<String, ron::Error> {
    let defaults = fields(&Options::default())?;
    let mut out = String::from("#![enable(implicit_some)]\nPlan(\n");
    for field in fields(plan)? {
        match field.key {
            "options" => {
                let changed: Vec<&Field> = field
                    .nested
                    .iter()
                    .filter(|f| !defaults.iter().any(|d| d.key == f.key && d.text == f.text))
                    .collect();
                if changed.is_empty() {
                    continue;
                }
                out.push_str("    options: (\n");
                for f in changed {
                    line(&mut out, 2, f.key, &f.text);
                }
                out.push_str("    ),\n");
            }
            "layout" if !field.nested.is_empty() => {
                out.push_str("    layout: (\n");
                for f in &field.nested {
                    line(&mut out, 2, f.key, &f.text);
                }
                out.push_str("    ),\n");
            }
            key => line(&mut out, 1, key, &field.text),
        }
    }
    out.push_str(")\n");
    Ok(out)
}

/// Appends `key: text,` at `depth`, the text's later lines indented to match.
fn line(out: &mut String, depth: usize, key: &str, text: &str) {
    let pad = INDENT.repeat(depth);
    out.push_str(&pad);
    out.push_str(key);
    out.push_str(": ");
    for (i, l) in text.lines().enumerate() {
        if i > 0 {
            out.push('\n');
            out.push_str(&pad);
        }
        out.push_str(l);
    }
    out.push_str(",\n");
}

/// One field of a struct as written: its key, its value as RON (structs on one line,
/// lists and maps one entry a line), and, when the value is a struct, its own fields.
#[derive(Debug)]
struct Field {
    key: &'static str,
    text: String,
    nested: Vec<Field>,
}

/// The fields `value` (a struct) serializes, in order; skipped fields are left out.
fn fields<T: Serialize + ?Sized>(value: &T) -> Result<Vec<Field>, ron::Error> {
    value.serialize(Fields)
}

/// A value as RON: structs compact, one level of lists and maps expanded.
fn value_text<T: Serialize + ?Sized>(value: &T) -> Result<String, ron::Error> {
    let config = ron::ser::PrettyConfig::new()
        .struct_names(false)
        .compact_structs(true)
        .depth_limit(1)
        .indentor(INDENT.to_owned());
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .to_string_pretty(value, config)
}

/// A serde serializer that only accepts a struct and collects its fields.
struct Fields;

/// The collector of [`Fields`].
struct Collect(Vec<Field>);

/// The error of a value that is not a struct (only [`Fields`] reports it; [`fields`]
/// is called on structs only, and nested non-structs are simply not expanded).
#[derive(Debug)]
struct NotAStruct;

impl fmt::Display for NotAStruct {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a struct")
    }
}

impl std::error::Error for NotAStruct {}

impl ser::Error for NotAStruct {
    fn custom<M: fmt::Display>(_: M) -> Self {
        NotAStruct
    }
}

impl From<NotAStruct> for ron::Error {
    fn from(_: NotAStruct) -> Self {
        ron::Error::Message("a plan is written as a struct".to_owned())
    }
}

impl ser::SerializeStruct for Collect {
    type Ok = Vec<Field>;
    type Error = ron::Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), ron::Error> {
        let text = value_text(value)?;
        let nested = value.serialize(Fields).unwrap_or_default();
        self.0.push(Field { key, text, nested });
        Ok(())
    }

    fn end(self) -> Result<Vec<Field>, ron::Error> {
        Ok(self.0)
    }
}

/// Every serializer method but `serialize_struct` refuses.
macro_rules! refuse {
    ($($name:ident($($arg:ty),*);)*) => {
        $(fn $name(self, $(_: $arg),*) -> Result<Vec<Field>, ron::Error> {
            Err(NotAStruct.into())
        })*
    };
}

impl ser::Serializer for Fields {
    type Ok = Vec<Field>;
    type Error = ron::Error;
    type SerializeSeq = Impossible<Vec<Field>, ron::Error>;
    type SerializeTuple = Impossible<Vec<Field>, ron::Error>;
    type SerializeTupleStruct = Impossible<Vec<Field>, ron::Error>;
    type SerializeTupleVariant = Impossible<Vec<Field>, ron::Error>;
    type SerializeMap = Impossible<Vec<Field>, ron::Error>;
    type SerializeStruct = Collect;
    type SerializeStructVariant = Impossible<Vec<Field>, ron::Error>;

    refuse! {
        serialize_bool(bool);
        serialize_i8(i8);
        serialize_i16(i16);
        serialize_i32(i32);
        serialize_i64(i64);
        serialize_u8(u8);
        serialize_u16(u16);
        serialize_u32(u32);
        serialize_u64(u64);
        serialize_f32(f32);
        serialize_f64(f64);
        serialize_char(char);
        serialize_str(&str);
        serialize_bytes(&[u8]);
        serialize_none();
        serialize_unit();
        serialize_unit_struct(&'static str);
        serialize_unit_variant(&'static str, u32, &'static str);
    }

    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<Vec<Field>, ron::Error> {
        Err(NotAStruct.into())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<Vec<Field>, ron::Error> {
        Err(NotAStruct.into())
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Vec<Field>, ron::Error> {
        Err(NotAStruct.into())
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, ron::Error> {
        Err(NotAStruct.into())
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, ron::Error> {
        Err(NotAStruct.into())
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, ron::Error> {
        Err(NotAStruct.into())
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, ron::Error> {
        Err(NotAStruct.into())
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, ron::Error> {
        Err(NotAStruct.into())
    }

    fn serialize_struct(
        self,
        _: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStruct, ron::Error> {
        Ok(Collect(Vec::with_capacity(len)))
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, ron::Error> {
        Err(NotAStruct.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CrlMethod, Zone, ZoneId, ZoneKind};

    #[test]
    fn writes_like_the_examples() {
        let mut plan = Plan {
            name: "Two zones".into(),
            notes: "Kept for the audit.\nSecond line.".into(),
            ..Plan::default()
        };
        plan.options.crl = CrlMethod::Ldap;
        plan.options.wmi_port = Some(24158);
        plan.zones.push(Zone {
            id: ZoneId(1),
            name: "Inside".into(),
            kind: ZoneKind::Internal,
            cidrs: vec!["10.0.0.0/24".parse().expect("block")],
            trust: None,
            notes: String::new(),
        });
        plan.layout.zones.insert(
            ZoneId(1),
            crate::model::Rect {
                x: 40.0,
                y: 40.0,
                w: 300.0,
                h: 200.0,
            },
        );
        let text = plan_to_text(&plan).expect("writes");
        let want = r#"#![enable(implicit_some)]
Plan(
    version: 2,
    name: "Two zones",
    notes: "Kept for the audit.\nSecond line.",
    options: (
        crl: Ldap,
        wmi_port: 24158,
    ),
    zones: [
        (id: 1, name: "Inside", kind: Internal, cidrs: ["10.0.0.0/24"]),
    ],
    firewalls: [],
    nodes: [],
    uses: {},
    layout: (
        zones: {
            1: (40, 40, 300, 200),
        },
        nodes: {},
    ),
)
"#;
        assert_eq!(text, want);
        let back: Plan = crate::ron_text::parse(&text).expect("reads back");
        assert_eq!(back, plan);
    }

    #[test]
    fn default_options_are_left_out() {
        let text = plan_to_text(&Plan::default()).expect("writes");
        assert!(!text.contains("options"), "{text}");
        assert!(text.starts_with("#![enable(implicit_some)]\nPlan(\n"));
    }
}
