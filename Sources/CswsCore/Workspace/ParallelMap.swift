import Dispatch

extension Array where Element: Sendable {
    /// `map` spread over every core in chunks; the order of the results is kept. For output
    /// rendering, which would otherwise be the serial tail of a parallel run.
    func parallelMap<Result: Sendable>(chunkSize: Int = 256, _ transform: @Sendable (Element) -> Result) -> [Result] {
        guard count > chunkSize else { return map(transform) }
        let slots = ResultSlots<[Result]>(count: (count + chunkSize - 1) / chunkSize)
        DispatchQueue.concurrentPerform(iterations: slots.count) { chunk in
            let end = Swift.min(count, (chunk + 1) * chunkSize)
            slots[chunk] = self[(chunk * chunkSize)..<end].map(transform)
        }
        return slots.values().flatMap { $0 }
    }
}
