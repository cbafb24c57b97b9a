import CGSL

/// An independent MT19937 stream of random numbers, drawn by GSL.
///
/// Streams are derived from `(base seed, replication, name)`, so two scenarios that use the
/// same stream names for the same purposes draw the same numbers for them: common random numbers.
/// A stream is mutable state: one owner at a time, never shared between tasks.
///
/// The generator's whole state (624 words) is filled from a 64-bit key by SplitMix64, not from
/// GSL's 32-bit seed: with 32 bits, two of the 10^5 streams of a large experiment would share a
/// seed more often than not, and draw identical numbers.
public final class RandomStream {
    @usableFromInline let rng: UnsafeMutablePointer<gsl_rng>
    /// The generator's state inside `rng`, drawn from directly by `uniform`.
    @usableFromInline let state: UnsafeMutablePointer<dacsim_mt19937_state_t>
    /// The 64-bit key the generator's state was filled from.
    public let key: UInt64

    public init(key: UInt64) {
        GSL.installErrorHandler()
        guard let rng = gsl_rng_alloc(dacsim_gsl_rng_mt19937()) else {
            fatalError("GSL could not allocate a random number generator (out of memory)")
        }
        self.rng = rng
        state = gsl_rng_state(rng).assumingMemoryBound(to: dacsim_mt19937_state_t.self)
        self.key = key
        let filled = withUnsafeTemporaryAllocation(of: UInt32.self, capacity: RandomStream.stateWords) { words in
            var mix = key
            for i in stride(from: 0, to: RandomStream.stateWords, by: 2) {
                let z = RandomStream.splitMix64(&mix)
                words[i] = UInt32(truncatingIfNeeded: z)
                words[i + 1] = UInt32(truncatingIfNeeded: z >> 32)
            }
            return dacsim_mt19937_set_state(rng, words.baseAddress)
        }
        precondition(filled == 1, "GSL's MT19937 state does not have the layout dacsim expects")
    }

    /// The stream named `name` in replication `replication` of an experiment seeded with `baseSeed`.
    public convenience init(baseSeed: UInt64, replication: Int, name: String) {
        self.init(key: RandomStream.derivedKey(baseSeed: baseSeed, replication: replication, name: name))
    }

    deinit { gsl_rng_free(rng) }

    /// A uniform draw in the open interval (0, 1).
    /// The same draw as `gsl_rng_uniform_pos(rng)`, from the same sequence, without its calls.
    @inlinable public func uniform() -> Double { dacsim_mt19937_uniform_pos(state) }

    /// The stream's generator, to draw from without counting references: a stream (a class
    /// instance) read from an array and passed on is retained and released, atomically, at each
    /// use. Valid while the stream lives: whoever holds a generator keeps its stream too.
    @inlinable public var generator: Generator { Generator(rng: rng, state: state) }

    /// Draws from a stream's generator (the same sequence as the stream's own draws).
    public struct Generator {
        @usableFromInline let rng: UnsafeMutablePointer<gsl_rng>
        @usableFromInline let state: UnsafeMutablePointer<dacsim_mt19937_state_t>

        @inlinable init(rng: UnsafeMutablePointer<gsl_rng>, state: UnsafeMutablePointer<dacsim_mt19937_state_t>) {
            self.rng = rng
            self.state = state
        }

        /// A uniform draw in the open interval (0, 1), as `RandomStream.uniform`.
        @inlinable public func uniform() -> Double { dacsim_mt19937_uniform_pos(state) }
    }

    /// MT19937's state: 624 32-bit words.
    static var stateWords: Int { 624 }

    /// SplitMix64: adds the golden gamma to `state` and returns its finalised value, a
    /// bijection of the state, so distinct keys give distinct first words.
    static func splitMix64(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// Mixes the three parts with FNV-1a then SplitMix64's finaliser, so that neighbouring seeds,
    /// replications and similar names give unrelated 64-bit keys.
    public static func derivedKey(baseSeed: UInt64, replication: Int, name: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ byte: UInt8) { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        withUnsafeBytes(of: baseSeed.littleEndian) { $0.forEach(mix) }
        withUnsafeBytes(of: Int64(replication).littleEndian) { $0.forEach(mix) }
        name.utf8.forEach(mix)
        return splitMix64(&h)
    }
}

/// GSL's process-wide settings and error reporting.
public enum GSL {
    /// An error GSL reported instead of aborting the process.
    public struct Failure: Error, CustomStringConvertible, Equatable {
        public let code: Int32
        public let reason: String
        public var description: String { "GSL error \(code): \(reason)" }
    }

    private static let installed: Bool = {
        dacsim_gsl_install_error_handler()
        return true
    }()

    /// Replaces GSL's aborting error handler with one that records errors for `takeError()`.
    public static func installErrorHandler() { _ = installed }

    /// The error GSL recorded on this thread since the last call, if any.
    public static func takeError() -> Failure? {
        var buffer = [CChar](repeating: 0, count: 256)
        let code = dacsim_gsl_take_error(&buffer, buffer.count)
        guard code != 0 else { return nil }
        let reason = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return Failure(code: code, reason: reason)
    }
}
