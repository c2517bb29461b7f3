/// The centered rank transform of OpenAI-ES (Salimans et al. 2017): fitnesses are replaced by
/// their ranks scaled to [−0.5, 0.5] (rank 0 → −0.5, the best → 0.5), which makes the update
/// invariant to monotone transformations of the fitness and robust to outliers. Ties are
/// broken by index (the earlier one ranks lower), as a stable sort does.
public func centeredRanks(_ fitness: [Double]) -> [Double] {
  let n = fitness.count
  guard n > 1 else { return [Double](repeating: 0, count: n) }
  let order = fitness.indices.sorted { fitness[$0] < fitness[$1] || (fitness[$0] == fitness[$1] && $0 < $1) }
  var ranks = [Double](repeating: 0, count: n)
  for (rank, index) in order.enumerated() { ranks[index] = Double(rank) / Double(n - 1) - 0.5 }
  return ranks
}
