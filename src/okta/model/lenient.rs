//! The lenient deserialization every model type shares.
//!
//! Okta adds properties at any time, omits or nulls others, and real payloads disagree with
//! the spec on types. Each model type is declared with [`lenient_model!`], which makes every
//! field an `Option`, keeps unknown keys in a flattened `extra` map, and deserializes through
//! [`from_object`]: any JSON object becomes a value of the type, and serializing that value
//! gives back the object (compared as JSON values). To get there:
//!
//! - a key sent as `null` stays in `extra` as `null` (the typed field is `None`), so it is
//!   re-serialized as `null` rather than dropped;
//! - a known key whose value has an unexpected type (an array where an object was expected,
//!   say) is kept untouched in `extra` and its typed field is `None`.
//!
//! Consequence for callers: a model value is a read-only view. Setting a typed field that is
//! also present in `extra` would serialize the key twice.

use serde_json::{Map, Value};

/// A type declared with [`lenient_model!`]: its derived deserializer and its `extra` map.
pub(crate) trait Lenient: Sized + Default {
    /// The serde-derived deserialization of the type from a JSON object.
    fn derived(value: &Value) -> Result<Self, serde_json::Error>;
    /// The map of keys the type keeps as raw JSON.
    fn extra_mut(&mut self) -> &mut Map<String, Value>;
}

/// Builds `T` from a JSON object without ever failing: nulls and values of the wrong type
/// end up in `T`'s `extra` map, as raw JSON.
pub(crate) fn from_object<T: Lenient>(mut object: Map<String, Value>) -> T {
    let mut raw = Map::new();
    object.retain(|key, value| {
        let keep = !value.is_null();
        if !keep {
            raw.insert(key.clone(), Value::Null);
        }
        keep
    });
    let object = Value::Object(object);
    let mut typed = T::derived(&object).unwrap_or_else(|_| salvage(object, &mut raw));
    typed.extra_mut().extend(raw);
    typed
}

/// The slow path, taken only when a key has a value of the wrong type: tries each key on its
/// own, moves the ones that fail into `raw`, and deserializes the rest.
fn salvage<T: Lenient>(object: Value, raw: &mut Map<String, Value>) -> T {
    let Value::Object(object) = object else {
        return T::default();
    };
    let mut good = Map::new();
    for (key, value) in object {
        let probe = Value::Object(Map::from_iter([(key, value)]));
        let fits = T::derived(&probe).is_ok();
        if let Value::Object(entry) = probe {
            if fits {
                good.extend(entry)
            } else {
                raw.extend(entry)
            }
        }
    }
    let good = Value::Object(good);
    T::derived(&good).unwrap_or_else(|_| {
        if let Value::Object(entries) = good {
            raw.extend(entries);
        }
        T::default()
    })
}

/// Declares a lenient Okta model type: the struct as written, with every field
/// `#[serde(default, skip_serializing_if = "Option::is_none")]` (so every field must be an
/// `Option`), plus a flattened `pub extra: Map<String, Value>`, `Serialize`, and a
/// `Deserialize` that goes through [`from_object`]. An optional trailing
/// `prepare = path;` names a `fn(&mut Map<String, Value>)` applied to the raw object first.
macro_rules! lenient_model {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$field_meta:meta])* pub $field:ident : $ty:ty, )*
        }
        $(prepare = $prepare:path;)?
    ) => {
        #[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(remote = "Self")]
        $(#[$meta])*
        pub struct $name {
            $(
                $(#[$field_meta])*
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub $field: $ty,
            )*
            /// Every key this type does not name, plus known keys Okta sent as `null` or with
            /// an unexpected type, exactly as received.
            #[serde(flatten)]
            pub extra: serde_json::Map<String, serde_json::Value>,
        }

        impl $crate::okta::model::lenient::Lenient for $name {
            fn derived(value: &serde_json::Value) -> Result<Self, serde_json::Error> {
                $name::deserialize(value)
            }

            fn extra_mut(&mut self) -> &mut serde_json::Map<String, serde_json::Value> {
                &mut self.extra
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #[allow(unused_mut)]
                let mut object =
                    <serde_json::Map<String, serde_json::Value> as serde::Deserialize>::deserialize(deserializer)?;
                $( $prepare(&mut object); )?
                Ok($crate::okta::model::lenient::from_object(object))
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                $name::serialize(self, serializer)
            }
        }
    };
}

pub(crate) use lenient_model;
