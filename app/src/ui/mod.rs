//! Shared pieces of the interface that know no feature: what pages load
//! ([`resource`]), forms ([`form`]), the address ([`location`]), alerts and
//! guards ([`feedback`]), the confirmation dialog ([`dialog`]), formatting
//! ([`format`]), a page's main heading and title ([`heading`]).
pub mod dialog;
pub mod feedback;
pub mod form;
pub mod format;
pub mod heading;
pub mod location;
pub mod resource;

pub use dialog::{ConfirmDialog, ConfirmedSubmit, copy_to_clipboard};
pub use feedback::{
    ErrorAlert, LiveUpdate, Loading, NotAllowed, NotFoundPage, PageGuard, Sentence, error_message,
    error_sentence,
};
pub use form::{
    CancelButton, Changes, Form, FormAction, OpenButton, SubmitButton, changes, focus_when_shown,
    interactive, posted_failure, provide_form_error,
};
pub use format::{
    days, is_one, language, minutes, money, month, of_name, role_name, role_names, short_day,
    short_time,
};
pub use heading::{PRODUCT, PageHeading};
pub use location::{encode_query_value, here, here_path, login_url, query_value, sign_in_again};
pub use resource::{Data, Json, data, data_for};
