//! The approval dialog's state machine (pure; drawn by `ui::approval`). It is modal: while
//! open, every key goes to it.
//!
//! Opening it (`s`, `u`, `c`, `l`, `f`, `p`, `t`, `v` on a user, `x` on a factor or a
//! session, or [`open_for_proposal`] from a finding) asks for a fresh read of the user; until
//! the [`Plan`] arrives nothing can be approved, and a plan whose precondition fails says why
//! and stays unapprovable. A [`Request::Plan`] (a finding's containment plan) is the same
//! dialog for several changes at once: the user read once, every step's precondition
//! checked (the first that fails is named), one reason and one typed login for all; once
//! approved, its steps' progress arrives step by step ([`on_step`]) and the end says what
//! ran and what was not sent ([`on_plan_outcome`]). The reason is required (a
//! proposal pre-fills it), the login must be typed (the whole login or the part before its
//! `@`, see [`confirms`]), and approving takes a deliberate step: from the login field, Enter
//! moves to the buttons with **Cancel** selected; only Enter on **Approve** (reached with Tab,
//! ←/→ or h/l) hands an [`crate::actions::Approved`] to the executor, by value in
//! [`Effect::Execute`]. It is stamped with the operator and an id from the state's
//! [`super::context::Context`] and the time last sent ([`super::msg::Msg::Now`]): approving
//! reads no clock, host or random source, and whether the same change is already in flight
//! is for the executor alone to say. Every key is the key registry's ([`Context::Approval`]:
//! Tab/BackTab move, Enter chooses, ←/→/h/l switch buttons, Esc and ctrl-c cancel anywhere,
//! `n` outside the text fields).
//!
//! A clear-sessions dialog has an options row between the login and the buttons (Tab
//! reaches it): revoke OAuth tokens too, and make every device forget its remembered
//! factors, both off at first; a set-risk dialog's has the level (HIGH, or LOW). Their keys come from the key registry
//! ([`Context::Approval`], `r` and `f` by default) and act only on the options row and the
//! buttons, never in a text field: there a letter is text, and text never toggles anything.

mod state;
mod update;

pub use state::*;
pub use update::*;
