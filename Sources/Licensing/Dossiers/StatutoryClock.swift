import FTZCore
import Foundation

/// The statutory clock of a dossier, as its procedure's clock rule and the zone's office
/// hours say: when it starts (the day the submission, or the acceptance after the
/// completeness check, is received), what a supplement request does (pause, then resume
/// with the days left or restart the full period), and what the statistics count.
struct StatutoryClock {
    let procedure: Procedure
    let calendar: WorkingCalendar
    let officeHours: OfficeHours

    private var rule: Procedure.ClockRule { procedure.clockRule }
    private var counted: DayCount { procedure.timeLimit.counted }

    /// The investor submitted at `instant`.
    func submitted(_ dossier: inout Dossier, at instant: Date) {
        if rule.startsOn == .submission { start(&dossier, at: instant) }
    }

    /// The Authority accepted the dossier as complete at `instant`.
    func accepted(_ dossier: inout Dossier, at instant: Date) {
        if rule.startsOn == .acceptance, dossier.clockStartedOn == nil { start(&dossier, at: instant) }
    }

    /// A supplement was requested: a running clock stops with the days it has left. A clock
    /// that has not started (acceptance procedures before acceptance) has nothing to stop.
    func paused(_ dossier: inout Dossier, on today: LocalDate) {
        guard dossier.clockStartedOn != nil, let due = dossier.appointmentOn else { return }
        dossier.remainingDays = calendar.remaining(from: today, until: due, counted: counted)
        dossier.pausedOn = today
        dossier.appointmentOn = nil
    }

    /// The supplement arrived at `instant`.
    func supplemented(_ dossier: inout Dossier, at instant: Date) {
        guard let pausedOn = dossier.pausedOn else { return }
        switch rule.onSupplement {
        case .restart:
            start(&dossier, at: instant)
        case .resume:
            let received = officeHours.receiptDay(of: instant, calendar: calendar)
            dossier.appointmentOn = calendar.due(after: received, days: dossier.remainingDays ?? procedure.timeLimit.days, counted: counted)
            dossier.pausedDays += calendar.workingDays(after: pausedOn, through: received)
        }
        dossier.pausedOn = nil
        dossier.remainingDays = nil
    }

    /// Decided on `today`: the working days the clock ran (paused days excluded; after a
    /// restart, from the restart) and whether the appointment was kept.
    func decided(_ dossier: inout Dossier, on today: LocalDate) {
        dossier.decidedOn = today
        if let started = dossier.clockStartedOn ?? dossier.submittedOn {
            dossier.processingDays = max(0, calendar.workingDays(after: started, through: today) - dossier.pausedDays)
        }
        dossier.onTime = dossier.appointmentOn.map { today <= $0 } ?? true
    }

    /// The full period, counted from the day a filing at `instant` is received.
    private func start(_ dossier: inout Dossier, at instant: Date) {
        let received = officeHours.receiptDay(of: instant, calendar: calendar)
        dossier.clockStartedOn = received
        dossier.pausedDays = 0
        dossier.appointmentOn = procedure.appointment(filedOn: received, calendar: calendar)
    }
}
