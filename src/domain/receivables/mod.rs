//! Receivables (应收账款): aging as of any day with FIFO allocation of
//! payments, the four collection quadrants, the collection ladder and its
//! log, credit control, statements and the letters sent to slow payers.

pub mod aging;
pub mod credit;
pub mod ladder;
pub mod letters;
pub mod statement;
