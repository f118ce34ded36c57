pub mod member_join;
pub mod member_leave;
pub mod member_set_broker;
pub mod member_thaw;

pub use member_join::*;
pub use member_leave::*;
pub use member_set_broker::*;
pub use member_thaw::*;
