extension QRCode {
    /// An 8-bit grayscale raster of the symbol, row-major from the top left: 0 for dark
    /// modules, 255 for light, each module `scale` pixels square, inside a light quiet zone of
    /// `quietZone` modules (the standard asks for at least 4).
    public func grayscalePixels(scale: Int, quietZone: Int = 4) -> (width: Int, height: Int, pixels: [UInt8]) {
        precondition(scale >= 1 && quietZone >= 0, "scale must be positive and the quiet zone not negative")
        let modulesAcross = size + 2 * quietZone
        let width = modulesAcross * scale
        var pixels = [UInt8](repeating: 255, count: width * width)
        for y in 0..<size {
            for x in 0..<size where matrix.isDark(x: x, y: y) {
                let left = (x + quietZone) * scale, top = (y + quietZone) * scale
                for row in top..<(top + scale) {
                    let start = row * width + left
                    pixels.replaceSubrange(start..<(start + scale), with: repeatElement(0, count: scale))
                }
            }
        }
        return (width, width, pixels)
    }

    /// The raster as a binary PGM (Netpbm P5) file, the simplest image format image tools read.
    public func pgm(scale: Int, quietZone: Int = 4) -> [UInt8] {
        let image = grayscalePixels(scale: scale, quietZone: quietZone)
        return Array("P5\n\(image.width) \(image.height)\n255\n".utf8) + image.pixels
    }
}
