//! The rules of a transfer of the partner of record. No I/O.
use crate::subscriptions::Refusal;
use kernel::error::AppError;

/// The state of a transfer, as `service_transfers.state` holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransferState {
    Pending,
    Accepted,
    Declined,
    Cancelled,
}

kernel::sql_text!(TransferState {
    Pending => "pending",
    Accepted => "accepted",
    Declined => "declined",
    Cancelled => "cancelled",
});

/// Only a transfer still waiting for its answer is answered; once accepted,
/// declined or cancelled it stays so.
pub fn may_answer(state: TransferState) -> Result<(), AppError> {
    match state {
        TransferState::Pending => Ok(()),
        _ => Err(Refusal::TransferNotPending.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_pending_transfer_is_answered() {
        assert_eq!(may_answer(TransferState::Pending), Ok(()));
        for state in [
            TransferState::Accepted,
            TransferState::Declined,
            TransferState::Cancelled,
        ] {
            assert_eq!(
                may_answer(state),
                Err(Refusal::TransferNotPending.into()),
                "{state:?}"
            );
        }
    }
}
