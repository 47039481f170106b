//! The route tables: every area of the site declares its routes once, in a table that both
//! registers them with actix and lists them (`route_table!`), so that a route cannot be
//! served without being listed — the authorization tests walk [`crate::routes`].

use actix_web::web;

/// How a route is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`, and `HEAD` (the body of a `HEAD` answer is left out).
    Get,
    /// `POST`: a form.
    Post,
}

impl Method {
    /// The method's name, as HTTP writes it (`GET` also answers `HEAD`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
        }
    }

    /// The actix route answering this method.
    pub fn route(self) -> actix_web::Route {
        match self {
            Self::Get => crate::get(),
            Self::Post => web::post(),
        }
    }
}

/// One route of the site: its method and its actix path pattern (`/staff/users/{id}/enable`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Route {
    /// How it is asked for.
    pub method: Method,
    /// The path pattern, as registered.
    pub path: &'static str,
}

/// Declares an area's routes, in the order actix tries them: generates `pub const ROUTES:
/// &[Route]` (the list) and `pub fn configure(cfg)` (registers exactly that list, each with its
/// handler).
///
/// ```text
/// route_table! {
///     GET "/staff" => collection::page,
///     POST "/staff/publish" => publication::publish,
/// }
/// ```
macro_rules! route_table {
    ($($method:ident $path:literal => $handler:path),+ $(,)?) => {
        /// This area's routes, in the order they are registered by [`configure`].
        pub const ROUTES: &[$crate::routing::Route] = &[
            $($crate::routing::Route {
                method: $crate::routing::route_table!(@method $method),
                path: $path,
            }),+
        ];

        /// Registers this area's routes: exactly [`ROUTES`], each with its handler.
        pub fn configure(cfg: &mut ::actix_web::web::ServiceConfig) {
            $(cfg.route(
                $path,
                $crate::routing::route_table!(@method $method).route().to($handler),
            );)+
        }
    };
    (@method GET) => { $crate::routing::Method::Get };
    (@method POST) => { $crate::routing::Method::Post };
}
pub(crate) use route_table;
