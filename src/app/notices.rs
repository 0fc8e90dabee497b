//! The status bar's message: it belongs to the action that made it and goes away when the
//! state it talks about changes.

/// A message in the status bar.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub text: String,
    pub error: bool,
    /// A hint about the gesture in progress ("Release a link on another node..."): it also
    /// goes at the next press of a mouse button.
    pub hint: bool,
    /// A folder the message is about (where an export went): the status bar offers to
    /// open it.
    pub folder: Option<std::path::PathBuf>,
}

impl Notice {
    pub fn info(text: impl Into<String>) -> Self {
        Notice {
            text: text.into(),
            error: false,
            hint: false,
            folder: None,
        }
    }

    pub fn error(text: impl Into<String>) -> Self {
        Notice {
            error: true,
            ..Notice::info(text)
        }
    }

    pub fn hint(text: impl Into<String>) -> Self {
        Notice {
            hint: true,
            ..Notice::info(text)
        }
    }
}

/// Which plan is open (bumped by New and Open) and its revision (each edit, undo, redo).
pub type PlanState = (u64, u64);

/// The current message and the state it was made in.
#[derive(Debug, Default)]
pub struct Notices {
    current: Option<Notice>,
    /// The plan's state (which plan, and its revision) when the message was made; set
    /// at the end of the frame that made it, so the edit that made it does not clear it.
    since: Option<PlanState>,
}

impl Notices {
    /// Shows `notice` in place of the current one.
    pub fn show(&mut self, notice: Notice) {
        self.current = Some(notice);
        self.since = None;
    }

    pub fn current(&self) -> Option<&Notice> {
        self.current.as_ref()
    }

    pub fn dismiss(&mut self) {
        self.current = None;
    }

    /// Runs once per frame after the frame's edits: drops the message when the plan has
    /// changed since it was made (an edit, undo, New, Open), and a hint at a button press.
    pub fn end_frame(&mut self, state: PlanState, pressed: bool) {
        let Some(notice) = &self.current else {
            return;
        };
        match self.since {
            None => self.since = Some(state),
            Some(s) if s != state || (notice.hint && pressed) => self.current = None,
            Some(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_lasts_until_the_plan_changes() {
        let mut n = Notices::default();
        n.show(Notice::info("Saved"));
        n.end_frame((0, 3), false);
        n.end_frame((0, 3), true);
        assert!(n.current().is_some());
        n.end_frame((0, 4), false);
        assert!(n.current().is_none());
        n.show(Notice::info("Opened"));
        n.end_frame((0, 4), false);
        n.end_frame((1, 0), false);
        assert!(n.current().is_none(), "another plan");
        n.show(Notice::hint("Release a link on a node"));
        n.end_frame((1, 4), true);
        assert!(n.current().is_some(), "not the press that made it");
        n.end_frame((1, 4), true);
        assert!(n.current().is_none(), "the next press");
    }
}
