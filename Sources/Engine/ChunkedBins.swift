/// Unsorted lists of elements ("bins", numbered from 0), appended to one element at a time and
/// emptied whole, kept in chunks of `chunkLength` elements drawn from one shared store.
///
/// The event calendar's waiting tiers: an event due months ahead is appended to its epoch's bin,
/// then to its bucket's, before it moves on. In arrays of arrays each of these appends checks that
/// the array is not shared, and now and then grows it by copying; here an append writes into its
/// bin's last chunk, a bin emptied hands its chunks back as it is read, and the next chunk handed
/// out is the last one handed back, still in cache. Only the store itself grows, seldom.
///
/// A value type: copies share the store until one of them changes it.
@usableFromInline
struct ChunkedBins<Element> {
    @usableFromInline
    struct Bin {
        /// First and last chunk (-1 when empty) and number of elements; every chunk but the
        /// last is full.
        @usableFromInline var head: Int32 = -1
        @usableFromInline var tail: Int32 = -1
        @usableFromInline var count: Int32 = 0
        @usableFromInline init() {}
    }

    @usableFromInline
    struct State {
        @usableFromInline var slots: UnsafeMutablePointer<Element>
        /// The chunk after each chunk, in its bin or in the free list (-1: none).
        @usableFromInline var links: UnsafeMutablePointer<Int32>
        @usableFromInline var chunkCapacity: Int
        /// Chunks handed out at least once; those at and above are fresh.
        @usableFromInline var chunksUsed = 0
        /// The free list's first chunk (-1: empty).
        @usableFromInline var free: Int32 = -1
        @usableFromInline var bins: UnsafeMutablePointer<Bin>
        @usableFromInline var binCount: Int

        init(chunkCapacity: Int, binCount: Int) {
            self.chunkCapacity = chunkCapacity
            self.binCount = binCount
            slots = .allocate(capacity: chunkCapacity * chunkLength)
            links = .allocate(capacity: chunkCapacity)
            bins = .allocate(capacity: binCount)
            bins.initialize(repeating: Bin(), count: binCount)
        }

        /// Calls `body` with the first slot of each chunk in a bin and the number of its elements.
        func forEachFilledChunk(_ body: (Int, Int) -> Void) {
            for b in 0..<binCount {
                var chunk = bins[b].head, left = Int(bins[b].count)
                while left > 0 {
                    body(Int(chunk) * chunkLength, Swift.min(left, chunkLength))
                    left -= chunkLength
                    chunk = links[Int(chunk)]
                }
            }
        }

        /// A copy with storage of its own (the elements copied, chunk for chunk).
        func copy() -> State {
            var copy = State(chunkCapacity: chunkCapacity, binCount: binCount)
            copy.links.update(from: links, count: chunkCapacity)
            copy.bins.update(from: bins, count: binCount)
            copy.chunksUsed = chunksUsed
            copy.free = free
            forEachFilledChunk { start, length in (copy.slots + start).initialize(from: slots + start, count: length) }
            return copy
        }

        func release() {
            forEachFilledChunk { start, length in (slots + start).deinitialize(count: length) }
            slots.deallocate()
            links.deallocate()
            bins.deinitialize(count: binCount)
            bins.deallocate()
        }

        /// Doubles the chunks' storage, moving every chunk handed out so far to the same place
        /// as a block of bytes (Swift values can be moved so): a bin being drained, its elements
        /// partly moved out already, moves too.
        @usableFromInline mutating func growChunks() {
            let (oldSlots, oldLinks, oldCapacity) = (slots, links, chunkCapacity)
            chunkCapacity = Swift.max(64, 2 * chunkCapacity)
            slots = .allocate(capacity: chunkCapacity * chunkLength)
            links = .allocate(capacity: chunkCapacity)
            links.moveInitialize(from: oldLinks, count: oldCapacity)
            UnsafeMutableRawPointer(slots).copyMemory(from: oldSlots, byteCount: MemoryLayout<Element>.stride * chunksUsed * chunkLength)
            oldSlots.deallocate()
            oldLinks.deallocate()
        }

        mutating func growBins(to count: Int) {
            let grown = UnsafeMutablePointer<Bin>.allocate(capacity: count)
            grown.moveInitialize(from: bins, count: binCount)
            (grown + binCount).initialize(repeating: Bin(), count: count - binCount)
            bins.deallocate()
            bins = grown
            binCount = count
        }
    }

    /// Frees the store when the last copy of the bins goes.
    @usableFromInline
    final class Store {
        @usableFromInline let state: UnsafeMutablePointer<State>
        init(_ state: State) {
            self.state = .allocate(capacity: 1)
            self.state.initialize(to: state)
        }
        deinit {
            state.pointee.release()
            state.deinitialize(count: 1)
            state.deallocate()
        }
    }

    @usableFromInline static var chunkLength: Int { 16 }
    @usableFromInline var store: Store
    /// `store.state`, held here so that the hot paths read it without going through the store.
    @usableFromInline var state: UnsafeMutablePointer<State>

    init(binCount: Int) {
        store = Store(State(chunkCapacity: 0, binCount: binCount))
        state = store.state
    }

    /// Gives these bins storage of their own if a copy shares it: call before any change.
    @inlinable
    mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&store) { copyStore() }
    }

    @usableFromInline @inline(never)
    mutating func copyStore() {
        store = Store(state.pointee.copy())
        state = store.state
    }

    @inlinable var binCount: Int { state.pointee.binCount }

    /// Adds empty bins up to `count` in all.
    @usableFromInline mutating func addBins(upTo count: Int) {
        makeUnique()
        if count > state.pointee.binCount { state.pointee.growBins(to: count) }
    }

    @inlinable func count(_ bin: Int) -> Int { Int(state.pointee.bins[bin].count) }

    /// Appends `element` to `bin`.
    @inlinable @inline(__always)
    mutating func append(_ element: Element, to bin: Int) {
        makeUnique()
        appendUnchecked(element, to: bin)
    }

    /// Appends `element` to `bin`, the caller having called `makeUnique()` (as `drain` does
    /// before calling its body). Inlined: most appends write into the bin's last chunk, and the
    /// call would cost about as much as the write.
    @inlinable @inline(__always)
    mutating func appendUnchecked(_ element: Element, to bin: Int) {
        let entry = state.pointee.bins + bin
        let count = entry.pointee.count
        let offset = Int(count) & (Self.chunkLength - 1)
        if offset == 0 { addChunk(to: entry) }
        (state.pointee.slots + Int(entry.pointee.tail) * Self.chunkLength + offset).initialize(to: element)
        entry.pointee.count = count &+ 1
    }

    /// Gives `bin` a new last chunk (out of line: once in `chunkLength` appends).
    @inlinable @inline(never)
    mutating func addChunk(to bin: UnsafeMutablePointer<Bin>) {
        let chunk = takeChunk()
        if bin.pointee.count == 0 { bin.pointee.head = chunk } else { state.pointee.links[Int(bin.pointee.tail)] = chunk }
        bin.pointee.tail = chunk
    }

    /// A chunk for a bin's new last chunk: the last one handed back, or a fresh one.
    @inlinable
    mutating func takeChunk() -> Int32 {
        let chunk: Int32
        if state.pointee.free >= 0 {
            chunk = state.pointee.free
            state.pointee.free = state.pointee.links[Int(chunk)]
        } else {
            if state.pointee.chunksUsed == state.pointee.chunkCapacity { state.pointee.growChunks() }
            chunk = Int32(state.pointee.chunksUsed)
            state.pointee.chunksUsed += 1
        }
        state.pointee.links[Int(chunk)] = -1
        return chunk
    }

    /// Empties `bin`, calling `body` with each element in the order they were appended and with
    /// the bins, to which it may append (not to `bin`). Each chunk is handed back once read.
    @inlinable
    mutating func drain(_ bin: Int, _ body: (Element, inout ChunkedBins) -> Void) {
        makeUnique()
        var chunk = state.pointee.bins[bin].head
        var left = Int(state.pointee.bins[bin].count)
        state.pointee.bins[bin] = Bin()
        while left > 0 {
            let length = Swift.min(left, Self.chunkLength)
            let next = state.pointee.links[Int(chunk)]
            // The chunk is handed back once all its elements are read: the appends `body` makes
            // next may reuse it at once, still in cache.
            let start = Int(chunk) * Self.chunkLength
            for i in 0..<length {
                let element = (state.pointee.slots + start + i).move()
                body(element, &self)
            }
            state.pointee.links[Int(chunk)] = state.pointee.free
            state.pointee.free = chunk
            left -= length
            chunk = next
        }
    }

    /// Whether an element of any bin satisfies `predicate`.
    func contains(where predicate: (Element) -> Bool) -> Bool {
        var found = false
        state.pointee.forEachFilledChunk { start, length in
            if !found { found = UnsafeBufferPointer(start: state.pointee.slots + start, count: length).contains(where: predicate) }
        }
        return found
    }
}
