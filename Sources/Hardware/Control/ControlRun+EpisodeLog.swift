import EnvInterface

extension ControlLoop.Run {
  /// The run as an episode log in the format shared with simulated episodes.
  ///
  /// Each tick is a step: `time` is the tick's due time; `observation` is the policy's (or,
  /// for a trajectory, the measured joint positions and velocities); `requested` is the
  /// policy's action (or the trajectory's target); `applied` is the same when the command was
  /// sent as requested, and empty when the safety layer refused it and stopped the arm, with the
  /// reason in `note`. Rewards and success are for the caller to fill in (the task knows them).
  public func episodeLog(
    task: String, policy: String, instruction: String = "", observationComponents: [SpaceComponent] = [],
    actionComponents: [SpaceComponent] = [], notes: [String: String] = [:]
  ) -> EpisodeLog {
    var allNotes = notes
    allNotes["source"] = source
    allNotes["end"] = ControlRunLog.endCode(endReason)
    allNotes["missed_deadlines"] = String(timing.missedDeadlines)
    allNotes["jitter_p99_ms"] = String(timing.jitterP99 * 1000)
    let header = EpisodeLog.Header(
      task: task, policy: policy, source: .hardware, seed: nil, controlRate: settings.rate, instruction: instruction,
      observationComponents: observationComponents, actionComponents: actionComponents, notes: allNotes)
    let steps = ticks.map { t -> EpisodeLog.Step in
      let observation = t.observation ?? (t.state.jointPositions + t.state.jointVelocities)
      let requested = t.action ?? t.outcome.requested.values
      let applied = t.outcome.wasSentAsRequested ? requested : []
      var note: String?
      if let refusal = t.outcome.refusal {
        note = "refused (\(refusal.code)): \(refusal); sent \(t.outcome.sent?.kind ?? "nothing")"
      } else if !t.outcome.wasSentAsRequested {
        note = "sent \(t.outcome.sent?.description ?? "nothing")"
      }
      return EpisodeLog.Step(time: t.scheduled, observation: observation, requested: requested, applied: applied, note: note)
    }
    return EpisodeLog(header: header, steps: steps)
  }
}
