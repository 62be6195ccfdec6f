/// Assembles tables into a TrueType file: the table directory in tag order, every table
/// padded to four bytes with its checksum, and head.checkSumAdjustment set so the whole
/// file sums to 0xB1B0AFBA (OpenType spec, "Table directory" and "head").
enum SFNTWriter {
    static func write(_ tables: [String: [UInt8]]) -> [UInt8] {
        let tags = tables.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        var power = 1
        while power * 2 <= tags.count { power *= 2 }
        var output: [UInt8] = []
        appendUInt32(&output, 0x0001_0000)
        for value in [tags.count, 16 * power, power.trailingZeroBitCount, 16 * tags.count - 16 * power] {
            appendUInt16(&output, UInt16(value))
        }
        var offset = 12 + 16 * tags.count
        var headOffset: Int?
        var body: [UInt8] = []
        for tag in tags {
            var table = tables[tag]!
            if tag == "head" {
                table.replaceSubrange(8 ..< 12, with: [0, 0, 0, 0])
                headOffset = offset
            }
            output += Array(tag.utf8)
            appendUInt32(&output, checksum(table))
            appendUInt32(&output, UInt32(offset))
            appendUInt32(&output, UInt32(table.count))
            while table.count % 4 != 0 { table.append(0) }
            body += table
            offset += table.count
        }
        output += body
        if let headOffset {
            let adjustment = 0xB1B0_AFBA &- checksum(output)
            output.replaceSubrange(headOffset + 8 ..< headOffset + 12,
                                   with: [UInt8(adjustment >> 24), UInt8(adjustment >> 16 & 0xFF), UInt8(adjustment >> 8 & 0xFF), UInt8(adjustment & 0xFF)])
        }
        return output
    }

    /// The sum of the big-endian 32-bit words, the data padded with zeroes.
    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var sum: UInt32 = 0
        var index = 0
        while index < bytes.count {
            var word: UInt32 = 0
            for byte in 0 ..< 4 {
                word = word << 8 | UInt32(index + byte < bytes.count ? bytes[index + byte] : 0)
            }
            sum = sum &+ word
            index += 4
        }
        return sum
    }
}
