/// Generalized advantage estimation, GAE(λ) (Schulman et al. 2016), for one environment's
/// sequence of T steps.
///
/// - `values[t]` = V(s_t), the value of the observation acted on at step t.
/// - `nextValues[t]` = V(s′_t), the value of the observation step t led to: V(s_{t+1}) inside an
///   episode, the value of `info.finalObservation` when step t was truncated (a time limit: the
///   episode could have gone on, so bootstrap), the value of the rollout's last observation at
///   t = T − 1. It is ignored when step t terminated.
/// - `terminated[t]`: the task ended at step t (no future reward, no bootstrap).
/// - `episodeEnded[t]`: terminated or truncated at t; the advantage trace stops there.
///
/// δ_t = r_t + γ·(1 − terminated_t)·V(s′_t) − V(s_t), A_t = δ_t + γλ·(1 − ended_t)·A_{t+1}.
/// Returns the advantages; the value targets are advantages + values.
public func generalizedAdvantages(
  rewards: [Double], values: [Double], nextValues: [Double], terminated: [Bool], episodeEnded: [Bool], gamma: Double,
  lambda: Double
) -> [Double] {
  let n = rewards.count
  precondition(values.count == n && nextValues.count == n && terminated.count == n && episodeEnded.count == n, "GAE inputs differ in length")
  var advantages = [Double](repeating: 0, count: n)
  var next = 0.0
  for t in stride(from: n - 1, through: 0, by: -1) {
    let bootstrap = terminated[t] ? 0 : gamma * nextValues[t]
    let delta = rewards[t] + bootstrap - values[t]
    next = delta + (episodeEnded[t] ? 0 : gamma * lambda * next)
    advantages[t] = next
  }
  return advantages
}
