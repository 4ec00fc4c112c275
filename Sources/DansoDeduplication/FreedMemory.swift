/// Memory the process freed, handed back to the system between the steps of a linkage run:
/// the allocator keeps what a step's threads freed for them, and the next step's allocations
/// came on top of it (a link run's peak: 192–206 → 186 MB for ten provinces, 171 → 164 MB
/// for one).
enum FreedMemory {
    static func giveBack() {
        #if canImport(Glibc)
        _ = trim(0)
        #endif
    }

    #if canImport(Glibc)
    /// glibc's `malloc_trim` (malloc.h, which the Glibc module does not bring in).
    @_silgen_name("malloc_trim") private static func trim(_ pad: Int) -> Int32
    #endif
}

