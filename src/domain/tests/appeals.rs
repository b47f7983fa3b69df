//! Appeals after the decision (`docs/law.md` §4A): the requesting state appeals a discharge at
//! the extradition hearing or by the Secretary of State, once; leave to appeal to the Supreme
//! Court is sought after the High Court's decision on either side's appeal. Elsewhere the move
//! is refused naming the states it follows.

use super::*;
use crate::domain::transition::next_states;
use IncomingState as A;

fn refusal(fx: &mut Fixture, to: A) -> String {
    let on = fx.next_day();
    let request = fx.request(inc(to), &on);
    let before = fx.case().clone();
    let err = fx.try_go(request).unwrap_err().to_string();
    assert_eq!(*fx.case(), before, "nothing changed");
    err
}

#[test]
fn the_state_appeals_only_a_discharge_at_the_hearing_or_by_the_secretary_of_state() {
    // Discharged at the extradition hearing (s.105) or by the Secretary of State (s.110).
    for from in [A::ExtraditionHearing, A::SentToSos] {
        let mut fx = Fixture::at(inc(from));
        let on = fx.next_day();
        fx.go(inc(A::Discharged), &on);
        assert!(next_states(fx.case()).contains(&inc(A::StateAppeal)));
        let on = fx.next_day();
        fx.go(inc(A::StateAppeal), &on);
    }
    // Discharged after a provisional arrest (papers late): no appeal, and the refusal names
    // the discharges it follows.
    let mut fx = Fixture::at(inc(A::PaArrested));
    let on = fx.next_day();
    fx.go(inc(A::Discharged), &on);
    assert!(next_states(fx.case()).is_empty());
    let err = refusal(&mut fx, A::StateAppeal);
    for words in [
        "follows only Extradition hearing (EXTRADITION_HEARING), Sent to the Secretary of State (SENT_TO_SOS)",
        "came to Discharged from Provisionally arrested",
        "it may go to: nowhere (the case is closed)",
    ] {
        assert!(err.contains(words), "{words}: {err}");
    }
}

#[test]
fn a_dismissed_state_appeal_is_not_appealed_again_but_leave_may_be_sought() {
    let mut fx = Fixture::at(inc(A::ExtraditionHearing));
    for to in [A::Discharged, A::StateAppeal, A::Discharged] {
        let on = fx.next_day();
        fx.go(inc(to), &on);
    }
    assert_eq!(next_states(fx.case()), [inc(A::ScLeaveSought)]);
    let err = refusal(&mut fx, A::StateAppeal);
    assert!(
        err.contains("came to Discharged from Requesting state's appeal"),
        "{err}"
    );
    assert!(
        err.contains("it may go to: Leave to appeal to the Supreme Court sought (SC_LEAVE_SOUGHT)"),
        "{err}"
    );
    let on = fx.next_day();
    fx.go(inc(A::ScLeaveSought), &on);
}

#[test]
fn leave_to_the_supreme_court_is_sought_only_after_the_high_courts_decision() {
    // Surrender ordered with no appeal: no High Court decision to seek leave from.
    let mut fx = Fixture::at(inc(A::SosOrdered));
    let on = fx.next_day();
    fx.go(inc(A::AwaitingSurrender), &on);
    assert!(!next_states(fx.case()).contains(&inc(A::ScLeaveSought)));
    let err = refusal(&mut fx, A::ScLeaveSought);
    assert!(
        err.contains("follows only Appeal to the High Court (APPEAL_HC), Requesting state's appeal against discharge (STATE_APPEAL)"),
        "{err}"
    );
    assert!(
        err.contains("came to Awaiting surrender from Extradition ordered"),
        "{err}"
    );
    // After the High Court dismissed the person's appeal, and straight from the state's appeal.
    let mut fx = Fixture::at(inc(A::AppealHc));
    let on = fx.next_day();
    fx.go(inc(A::AwaitingSurrender), &on);
    let on = fx.next_day();
    fx.go(inc(A::ScLeaveSought), &on);
    let mut fx = Fixture::at(inc(A::StateAppeal));
    let on = fx.next_day();
    fx.go(inc(A::ScLeaveSought), &on);
    // Leave refused: surrender awaited again, and no second application.
    let on = fx.next_day();
    fx.go(inc(A::AwaitingSurrender), &on);
    assert!(!next_states(fx.case()).contains(&inc(A::ScLeaveSought)));
}
