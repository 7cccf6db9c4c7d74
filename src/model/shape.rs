//! One declaration per answer shape: [`answer!`] turns one field list into
//!
//! - the Rust type (serde, camelCase names, `Option` for what may be missing or `null`),
//! - its answer check (`Ty`, as `Name::TY` and the constant the `api` modules name),
//! - its TypeScript (`Name::TS`, emitted into the package's `.d.ts` by `src/wasm/types.rs`).
//!
//! A field is `name: req Kind` (present, non-null, checked), `name: opt Kind` (may be
//! absent or `null`; serialized, `None` is left out) or `name: null Kind` (the same, but
//! `None` is serialized as `null`: members the guide's examples show as `null`, e.g. a
//! contact's unset `email`; the stand-in then answers like the guide). Kinds: `Str`, `Int`, `Num`, `Bool`, `Any`, `Utm` (an object of
//! strings), `Props` (an object of any JSON), `Secret` (a string
//! that `Debug` never shows), `[Kind]` (a list), or another shape's name.
//! The field's `///` lines become the Rust docs and the TypeScript's JSDoc, so adding a
//! guide field is one line (plus its doc).

/// The Rust type of a field kind.
#[doc(hidden)]
#[macro_export]
macro_rules! __model_rust {
    (Str) => { ::std::string::String };
    (Int) => { i64 };
    (Num) => { f64 };
    (Bool) => { bool };
    (Any) => { ::serde_json::Value };
    (Utm) => { $crate::model::Utm };
    (Props) => { $crate::model::Props };
    (Secret) => { $crate::auth::Secret };
    (Count) => { u32 };
    (Id) => { i64 };
    (Flag) => { bool };
    (DateText) => { ::std::string::String };
    (EpochMs) => { i64 };
    (Gender) => { ::std::string::String };
    (GroupType) => { ::std::string::String };
    (StaticGroupType) => { ::std::string::String };
    ([$item:tt]) => { ::std::vec::Vec<$crate::__model_rust!($item)> };
    ($shape:ident) => { $shape };
}

/// The answer check of a field kind.
#[doc(hidden)]
#[macro_export]
macro_rules! __model_ty {
    (Str) => {
        $crate::model::Ty::Str
    };
    (Int) => {
        $crate::model::Ty::Int
    };
    (Num) => {
        $crate::model::Ty::Num
    };
    (Bool) => {
        $crate::model::Ty::Bool
    };
    (Any) => {
        $crate::model::Ty::Any
    };
    (Utm) => {
        $crate::model::Ty::Map(&$crate::model::Ty::Str)
    };
    (Props) => {
        $crate::model::Ty::Map(&$crate::model::Ty::Any)
    };
    (Secret) => {
        $crate::model::Ty::Str
    };
    ([$item:tt]) => {
        $crate::model::Ty::Array(&$crate::__model_ty!($item))
    };
    ($shape:ident) => {
        $shape::TY
    };
}

/// What the request builders accept for an input field kind ([`crate::model::InKind`]).
#[doc(hidden)]
#[macro_export]
macro_rules! __model_in {
    (Str) => {
        $crate::model::InKind::Str
    };
    (DateText) => {
        $crate::model::InKind::Str
    };
    (Gender) => {
        $crate::model::InKind::Str
    };
    (GroupType) => {
        $crate::model::InKind::Str
    };
    (StaticGroupType) => {
        $crate::model::InKind::Str
    };
    (Count) => {
        $crate::model::InKind::Uint
    };
    (Int) => {
        $crate::model::InKind::Uint
    };
    (EpochMs) => {
        $crate::model::InKind::Uint
    };
    (Id) => {
        $crate::model::InKind::Id
    };
    (Flag) => {
        $crate::model::InKind::Flag
    };
    (Props) => {
        $crate::model::InKind::Object
    };
    (Utm) => {
        $crate::model::InKind::Strings
    };
    ([$item:tt]) => {
        $crate::model::InKind::List(&$crate::__model_in!($item))
    };
    ($shape:ident) => {
        $crate::model::InKind::Shape(&<$shape as $crate::model::InputShape>::SPEC)
    };
}

/// The TypeScript of a field kind.
#[doc(hidden)]
#[macro_export]
macro_rules! __model_ts {
    (Str) => {
        "string"
    };
    (Int) => {
        "number"
    };
    (Num) => {
        "number"
    };
    (Bool) => {
        "boolean"
    };
    (Any) => {
        "unknown"
    };
    (Utm) => {
        "Utm"
    };
    (Props) => {
        "Record<string, unknown>"
    };
    (Secret) => {
        "string"
    };
    (Count) => {
        "number"
    };
    (Id) => {
        "number | string"
    };
    (Flag) => {
        "boolean | 1 | 0"
    };
    (DateText) => {
        "string | Date"
    };
    (EpochMs) => {
        "number | Date"
    };
    (Gender) => {
        r#""male" | "female" | "unknown" | (string & {})"#
    };
    (GroupType) => {
        r#""static" | "dynamic" | (string & {})"#
    };
    (StaticGroupType) => {
        r#""static""#
    };
    ([$item:tt]) => {
        concat!($crate::__model_ts!($item), "[]")
    };
    ($shape:ident) => {
        stringify!($shape)
    };
}

/// Declares an answer shape: its Rust type, its check and its TypeScript (see the module).
///
/// `answer! { /// docs  pub struct Name as CONST { fields } }` also declares
/// `pub const CONST: Ty`, the name the request builders use.
#[doc(hidden)]
#[macro_export]
macro_rules! answer {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident as $konst:ident {
            $( $(#[doc = $fdoc:literal])* $field:ident : $req:ident $kind:tt ),* $(,)?
        }
    ) => {
        $crate::__model_struct! {
            $(#[doc = $doc])*
            #[derive(Clone, Debug, Default, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
            #[serde(rename_all = "camelCase")]
            struct $name [] $( $(#[doc = $fdoc])* $field : $req $kind, )*
        }

        ::pastey::paste! {

            impl $name {
                /// The answer check of this shape (what the runtime enforces).
                pub const TY: $crate::model::Ty = $crate::model::Ty::Object(&[
                    $( (stringify!([<$field:lower_camel>]), $crate::__model_field!(ty $req $kind)), )*
                ]);

                /// The TypeScript interface of this shape, as published in the `.d.ts`.
                pub const TS: &'static str = concat!(
                    "/**", $($doc,)* " */\nexport interface ", stringify!($name), " {\n",
                    $( "  /**", $($fdoc,)* " */\n  ", stringify!([<$field:lower_camel>]), $crate::__model_field!(ts $req $kind), ";\n", )*
                    "  [key: string]: unknown;\n}\n"
                );
            }

            $(#[doc = $doc])*
            pub const $konst: $crate::model::Ty = $name::TY;
        }
    };
}

/// The Rust struct of an answer shape, one field at a time (the serde attributes differ by
/// `req`/`opt`/`null`, and a macro cannot be called where an attribute goes).
#[doc(hidden)]
#[macro_export]
macro_rules! __model_struct {
    ($(#[$meta:meta])* struct $name:ident [$($out:tt)*]) => {
        $(#[$meta])*
        pub struct $name { $($out)* }
    };
    ($(#[$meta:meta])* struct $name:ident [$($out:tt)*] $(#[doc = $fdoc:literal])* $field:ident : req $kind:tt, $($rest:tt)*) => {
        $crate::__model_struct! {
            $(#[$meta])* struct $name [$($out)* $(#[doc = $fdoc])* pub $field: $crate::__model_rust!($kind),] $($rest)*
        }
    };
    ($(#[$meta:meta])* struct $name:ident [$($out:tt)*] $(#[doc = $fdoc:literal])* $field:ident : opt $kind:tt, $($rest:tt)*) => {
        $crate::__model_struct! {
            $(#[$meta])* struct $name [$($out)*
                $(#[doc = $fdoc])*
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub $field: ::std::option::Option<$crate::__model_rust!($kind)>,
            ] $($rest)*
        }
    };
    ($(#[$meta:meta])* struct $name:ident [$($out:tt)*] $(#[doc = $fdoc:literal])* $field:ident : patch $kind:tt, $($rest:tt)*) => {
        $crate::__model_struct! {
            $(#[$meta])* struct $name [$($out)*
                $(#[doc = $fdoc])*
                #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::model::patch")]
                pub $field: $crate::model::Patch<$crate::__model_rust!($kind)>,
            ] $($rest)*
        }
    };
    ($(#[$meta:meta])* struct $name:ident [$($out:tt)*] $(#[doc = $fdoc:literal])* $field:ident : null $kind:tt, $($rest:tt)*) => {
        $crate::__model_struct! {
            $(#[$meta])* struct $name [$($out)*
                $(#[doc = $fdoc])*
                #[serde(default)]
                pub $field: ::std::option::Option<$crate::__model_rust!($kind)>,
            ] $($rest)*
        }
    };
}

/// One field's check or TypeScript, by whether it is required (`opt` and `null` are the
/// same to the check and the types: absent and `null` mean the same).
#[doc(hidden)]
#[macro_export]
macro_rules! __model_field {
    (ty req $kind:tt) => {
        $crate::model::Ty::Required(&$crate::__model_ty!($kind))
    };
    (ty $opt:ident $kind:tt) => {
        $crate::__model_ty!($kind)
    };
    (ts req $kind:tt) => {
        concat!(": ", $crate::__model_ts!($kind))
    };
    (ts $opt:ident $kind:tt) => {
        concat!("?: ", $crate::__model_ts!($kind), " | null")
    };
    (required req) => {
        true
    };
    (required $opt:ident) => {
        false
    };
    (input req $kind:tt) => {
        concat!(": ", $crate::__model_ts!($kind))
    };
    (input opt $kind:tt) => {
        concat!("?: ", $crate::__model_ts!($kind))
    };
    (input patch $kind:tt) => {
        concat!("?: ", $crate::__model_ts!($kind), " | null")
    };
}

/// Declares an input or options shape (`src/model/input.rs`): its Rust type (serde,
/// camelCase) and its TypeScript (`Name::TS`, the interface `TsName`, emitted into the
/// package's `.d.ts` by `src/wasm/types.rs`) from one field list.
///
/// ```text
/// pub struct IdentifyInput as IdentifyInput extends ContactFields in fields with "…" { … }
/// ```
///
/// It also gives `Name::SPEC` ([`crate::model::InputShape`]): what the request builders
/// of `crate::api` check before anything is sent, so the types and the runtime validation
/// come from the same list.
///
/// A field is `name: req Kind` (required), `name: opt Kind` (may be left out; `Option`,
/// not sent when `None`) or `name: patch Kind` (a contact field: left out, `null` to
/// clear it, or a value; a [`crate::model::Patch`]). `extends Base in field` flattens
/// `Base`'s members into this shape (serde `flatten`; TypeScript `extends`); `with` adds
/// raw TypeScript lines (an index signature). Besides the answer kinds, inputs take the
/// JS spellings the runtime accepts: `Count` (`u32`), `Id` (`i64`; a digit string in JS),
/// `Flag` (`bool`; `1`/`0` in JS), `DateText` (Linkflow's date text; a `Date` in JS),
/// `EpochMs` (`i64`; a `Date` in JS), `Gender`, `GroupType`, `StaticGroupType`.
#[doc(hidden)]
#[macro_export]
macro_rules! input {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident as $ts:ident $(extends $base:ident in $flat:ident)? $(with $extra:literal)? {
            $( $(#[doc = $fdoc:literal])* $field:ident : $req:ident $kind:tt ),* $(,)?
        }
    ) => {
        $crate::__model_struct! {
            $(#[doc = $doc])*
            #[derive(Clone, Debug, Default, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
            #[serde(rename_all = "camelCase")]
            struct $name [
                $(
                    #[doc = concat!("The members of [`", stringify!($base), "`].")]
                    #[serde(flatten)]
                    pub $flat: $base,
                )?
            ] $( $(#[doc = $fdoc])* $field : $req $kind, )*
        }

        ::pastey::paste! {
            impl $crate::model::InputShape for $name {
                const SPEC: $crate::model::InputSpec = $crate::model::InputSpec {
                    base: { #[allow(unused_mut, unused_assignments)] let mut base = None; $( base = Some(&<$base as $crate::model::InputShape>::SPEC); )? base },
                    members: &[ $( (stringify!([<$field:lower_camel>]), $crate::__model_field!(required $req), $crate::__model_in!($kind)), )* ],
                };
            }

            impl $name {
                /// The TypeScript interface of this input, as published in the `.d.ts`.
                pub const TS: &'static str = concat!(
                    "/**", $($doc,)* " */\nexport interface ", stringify!($ts), $(" extends ", stringify!($base),)? " {\n",
                    $( "  /**", $($fdoc,)* " */\n  ", stringify!([<$field:lower_camel>]), $crate::__model_field!(input $req $kind), ";\n", )*
                    $($extra,)?
                    "}\n"
                );
            }
        }
    };
}
