//! How forwarded requests reach the window: a channel whose sending end
//! (the [`Postbox`]) belongs to the listener's thread and whose receiving
//! end (the [`Inbox`]) the app empties each frame. Posting calls a wake-up
//! set by the app (`request_repaint`), so an idle window sees the request
//! at once; requests posted before it is set wait in the channel.

use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, PoisonError};

/// The wake-up the window sets once it exists.
type Wake = Arc<Mutex<Option<Box<dyn Fn() + Send>>>>;

/// The receiving end, cloned freely (each renderer attempt gets one).
#[derive(Clone)]
pub struct Inbox {
    requests: Arc<Mutex<Receiver<super::Request>>>,
    wake: Wake,
}

/// The sending end.
#[derive(Clone)]
pub struct Postbox {
    requests: Sender<super::Request>,
    wake: Wake,
}

impl std::fmt::Debug for Inbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Inbox")
    }
}

/// A connected pair with no socket behind it: the listener's thread uses
/// one, and tests post into the app directly through another.
pub fn pair() -> (Postbox, Inbox) {
    let (sender, receiver) = mpsc::channel();
    let wake: Wake = Arc::default();
    (
        Postbox {
            requests: sender,
            wake: wake.clone(),
        },
        Inbox {
            requests: Arc::new(Mutex::new(receiver)),
            wake,
        },
    )
}

impl Inbox {
    /// Calls `wake` after each request posted from now on.
    pub fn set_wake(&self, wake: impl Fn() + Send + 'static) {
        *self.wake.lock().unwrap_or_else(PoisonError::into_inner) = Some(Box::new(wake));
    }

    /// The requests posted since the last call, oldest first.
    pub fn take(&self) -> Vec<super::Request> {
        let requests = self.requests.lock().unwrap_or_else(PoisonError::into_inner);
        requests.try_iter().collect()
    }
}

impl Postbox {
    /// Hands `request` to the window; false when no inbox is left.
    pub fn post(&self, request: super::Request) -> bool {
        if self.requests.send(request).is_err() {
            return false;
        }
        if let Some(wake) = &*self.wake.lock().unwrap_or_else(PoisonError::into_inner) {
            wake();
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::super::Request;
    use super::*;

    #[test]
    fn posted_requests_arrive_in_order_and_wake_the_window() {
        let (postbox, inbox) = pair();
        assert!(postbox.post(Request::Ping));
        let woken = Arc::new(AtomicUsize::new(0));
        let counter = woken.clone();
        inbox.set_wake(move || {
            counter.fetch_add(1, Ordering::SeqCst);
        });
        assert!(postbox.post(Request::Close));
        assert_eq!(inbox.take(), vec![Request::Ping, Request::Close]);
        assert_eq!(woken.load(Ordering::SeqCst), 1);
        assert!(inbox.take().is_empty());
    }

    #[test]
    fn posting_fails_once_every_inbox_is_gone() {
        let (postbox, inbox) = pair();
        let clone = inbox.clone();
        drop(inbox);
        assert!(postbox.post(Request::Ping));
        assert_eq!(clone.take(), vec![Request::Ping]);
        drop(clone);
        assert!(!postbox.post(Request::Ping));
    }
}
