/// Compresses stream data for /FlateDecode: a zlib wrapper (RFC 1950) around one deflate
/// block (RFC 1951) of LZ77 matches coded with the fixed Huffman tables.
///
/// Why our own: swift-nio-extras vendors zlib only as an internal target (not a product),
/// and its public face, NIOHTTPCompression, compresses HTTP messages in a channel pipeline;
/// a system zlib module map is not allowed in this package. The fixed tables cost some
/// ratio against dynamic ones, but what a certificate holds compresses well enough: a
/// glyph-id-preserving font subset is mostly zeroed metrics and repeated offsets, which
/// LZ77 alone collapses, and QR images are long runs.
enum ZlibCompressor {
    static func compress(_ input: [UInt8]) -> [UInt8] {
        var output = BitWriter()
        // 0x78 0x9C: deflate with a 32 KiB window, default level; a multiple of 31.
        output.bytes = [0x78, 0x9C]
        output.write(1, count: 1) // the final block
        output.write(1, count: 2) // compressed with fixed Huffman codes
        LZ77.tokens(of: input) { token in
            switch token {
            case let .literal(byte): output.writeLiteralOrLength(Int(byte))
            case let .match(length, distance): output.writeMatch(length: length, distance: distance)
            }
        }
        output.writeLiteralOrLength(256) // end of block
        output.flush()
        let checksum = adler32(input)
        output.bytes += [UInt8(checksum >> 24), UInt8(checksum >> 16 & 0xFF), UInt8(checksum >> 8 & 0xFF), UInt8(checksum & 0xFF)]
        return output.bytes
    }

    static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        // 5552 bytes is the most that can be summed before the 32-bit sums could overflow.
        var start = 0
        while start < bytes.count {
            let end = min(start + 5552, bytes.count)
            for index in start ..< end {
                a += UInt32(bytes[index])
                b += a
            }
            a %= 65521
            b %= 65521
            start = end
        }
        return b << 16 | a
    }
}

/// Greedy LZ77 over a 32 KiB window with hash chains on three-byte prefixes.
private enum LZ77 {
    enum Token {
        case literal(UInt8)
        case match(length: Int, distance: Int)
    }

    static let windowSize = 32_768
    static let minimumMatch = 3
    static let maximumMatch = 258
    /// How many earlier positions are tried per byte: enough for font tables and images,
    /// bounded so that adversarial input stays linear.
    static let chainLimit = 48

    static func tokens(of input: [UInt8], _ emit: (Token) -> Void) {
        let count = input.count
        var head = [Int](repeating: -1, count: 1 << 15)
        var previous = [Int](repeating: -1, count: windowSize)
        func hash(_ position: Int) -> Int {
            (Int(input[position]) << 10 ^ Int(input[position + 1]) << 5 ^ Int(input[position + 2])) & 0x7FFF
        }
        func insert(_ position: Int) {
            let key = hash(position)
            previous[position & (windowSize - 1)] = head[key]
            head[key] = position
        }
        var position = 0
        while position < count {
            var bestLength = 0, bestDistance = 0
            if position + minimumMatch <= count {
                let longest = min(maximumMatch, count - position)
                var candidate = head[hash(position)]
                var tries = 0
                while candidate >= 0, candidate < position, position - candidate <= windowSize, tries < chainLimit {
                    var length = 0
                    while length < longest, input[candidate + length] == input[position + length] { length += 1 }
                    if length > bestLength {
                        bestLength = length
                        bestDistance = position - candidate
                        if length == longest { break }
                    }
                    candidate = previous[candidate & (windowSize - 1)]
                    tries += 1
                }
                insert(position)
            }
            if bestLength >= minimumMatch {
                emit(.match(length: bestLength, distance: bestDistance))
                for skipped in position + 1 ..< position + bestLength where skipped + minimumMatch <= count {
                    insert(skipped)
                }
                position += bestLength
            } else {
                emit(.literal(input[position]))
                position += 1
            }
        }
    }
}

/// Deflate's bit order: values least significant bit first, Huffman codes most first.
private struct BitWriter {
    var bytes: [UInt8] = []
    private var buffer: UInt64 = 0
    private var bufferedBits = 0

    mutating func write(_ value: Int, count: Int) {
        buffer |= UInt64(value) << UInt64(bufferedBits)
        bufferedBits += count
        while bufferedBits >= 8 {
            bytes.append(UInt8(buffer & 0xFF))
            buffer >>= 8
            bufferedBits -= 8
        }
    }

    mutating func flush() {
        if bufferedBits > 0 { bytes.append(UInt8(buffer & 0xFF)) }
        buffer = 0
        bufferedBits = 0
    }

    mutating func writeCode(_ code: Int, length: Int) {
        var reversed = 0
        for bit in 0 ..< length where code >> bit & 1 == 1 { reversed |= 1 << (length - 1 - bit) }
        write(reversed, count: length)
    }

    /// The fixed literal/length code of RFC 1951, 3.2.6.
    mutating func writeLiteralOrLength(_ symbol: Int) {
        switch symbol {
        case ..<144: writeCode(0x30 + symbol, length: 8)
        case ..<256: writeCode(0x190 + symbol - 144, length: 9)
        case ..<280: writeCode(symbol - 256, length: 7)
        default: writeCode(0xC0 + symbol - 280, length: 8)
        }
    }

    mutating func writeMatch(length: Int, distance: Int) {
        let lengthCode = Self.lengthBases.lastIndex { $0 <= length }!
        writeLiteralOrLength(257 + lengthCode)
        write(length - Self.lengthBases[lengthCode], count: Self.lengthExtraBits[lengthCode])
        let distanceCode = Self.distanceBases.lastIndex { $0 <= distance }!
        writeCode(distanceCode, length: 5)
        write(distance - Self.distanceBases[distanceCode], count: Self.distanceExtraBits[distanceCode])
    }

    static let lengthBases = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    static let lengthExtraBits = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distanceBases = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073,
                                4097, 6145, 8193, 12289, 16385, 24577]
    static let distanceExtraBits = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
}
