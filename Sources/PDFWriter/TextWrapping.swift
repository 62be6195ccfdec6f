extension PDFFont {
    /// Breaks a paragraph into lines no wider than `width` at `size` points: at spaces,
    /// and inside a word only when the word alone is wider than a line. Line breaks in
    /// the text are kept. Vietnamese separates syllables with spaces, so this is enough
    /// for it; languages written without spaces (Chinese, Japanese) break per character
    /// only where a word overflows.
    public func wrap(_ text: String, size: Double, width: Double) -> [String] {
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            for word in paragraph.split(separator: " ") {
                let candidate = line.isEmpty ? String(word) : line + " " + word
                if self.width(of: candidate, size: size) <= width {
                    line = candidate
                    continue
                }
                if !line.isEmpty { lines.append(line) }
                line = ""
                for character in word {
                    if !line.isEmpty, self.width(of: line + String(character), size: size) > width {
                        lines.append(line)
                        line = ""
                    }
                    line.append(character)
                }
            }
            lines.append(line)
        }
        return lines
    }
}
