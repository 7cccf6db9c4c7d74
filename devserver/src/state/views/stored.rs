//! A stored contact member as serde reads it into the model's `Contact`: the store keeps
//! the profile fields by their JSON name, and serde's derived `Deserialize` puts each into
//! the model's member of that name. Read straight from the store (no `serde_json::Value`
//! map in between): a string is copied once, into the model's `String`.

use serde::de::value::Error;
use serde::de::{Deserializer, IntoDeserializer, Visitor};
use serde::forward_to_deserialize_any;

/// One stored member's value.
#[derive(Clone, Copy)]
pub enum Stored<'a> {
    /// A text field.
    Text(&'a str),
    /// The contact's id.
    Id(u64),
}

impl<'de> IntoDeserializer<'de, Error> for Stored<'_> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

impl<'de> Deserializer<'de> for Stored<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Stored::Text(s) => visitor.visit_str(s),
            Stored::Id(n) => visitor.visit_u64(n),
        }
    }

    /// A stored member is always there: the model's `Option` member is `Some`.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_some(self)
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}
