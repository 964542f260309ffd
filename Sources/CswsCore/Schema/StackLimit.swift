#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How far down the current thread's stack validation may recurse. Schema evaluation recurses once
/// per nesting level of schema and document, and threads differ in stack size (8 MiB for Linux
/// threads, 512 KiB for secondary threads on macOS), so a fixed depth limit is either too low for some
/// documents or a crash on some threads. Instead each nested evaluation compares the address of a
/// local variable with this limit and reports "too deeply nested" before the stack runs out.
enum StackLimit {
    /// Stack left untouched below the limit for the work done after the last check (messages,
    /// formatting, ICU).
    static let reserveBytes: UInt = 128 * 1024

    private static let cacheKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// The lowest address nested evaluation may reach on this thread; 0 when unknown (no check).
    static func forCurrentThread() -> UInt {
        if let cached = pthread_getspecific(cacheKey) {
            return UInt(bitPattern: cached) &- 1
        }
        let lowest = lowestStackAddress()
        let limit = lowest == 0 ? 0 : lowest + reserveBytes
        // Stored plus one, so that an unknown limit (0) is still a non-nil cache entry.
        pthread_setspecific(cacheKey, UnsafeRawPointer(bitPattern: limit + 1))
        return limit
    }

    /// The address of a local of the caller's frame: where the stack is now.
    @inline(__always)
    static func currentAddress() -> UInt {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    }

    #if canImport(Glibc) || canImport(Musl)
    private typealias GetThreadAttributes = @convention(c) (pthread_t, UnsafeMutablePointer<pthread_attr_t>) -> Int32

    /// `pthread_getattr_np`, a GNU extension the Glibc module does not declare.
    private static let getThreadAttributes: GetThreadAttributes? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pthread_getattr_np") else { return nil }
        return unsafeBitCast(symbol, to: GetThreadAttributes.self)
    }()
    #endif

    private static func lowestStackAddress() -> UInt {
        #if canImport(Darwin)
        let thread = pthread_self()
        return UInt(bitPattern: pthread_get_stackaddr_np(thread)) - UInt(pthread_get_stacksize_np(thread))
        #elseif canImport(Glibc) || canImport(Musl)
        guard let getAttributes = getThreadAttributes else { return 0 }
        var attributes = pthread_attr_t()
        guard getAttributes(pthread_self(), &attributes) == 0 else { return 0 }
        defer { pthread_attr_destroy(&attributes) }
        var address: UnsafeMutableRawPointer?
        var size = 0
        guard pthread_attr_getstack(&attributes, &address, &size) == 0, let address else { return 0 }
        return UInt(bitPattern: address)
        #else
        return 0
        #endif
    }
}
