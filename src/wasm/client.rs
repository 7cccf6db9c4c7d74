//! LinkflowClient (wasm helper).
