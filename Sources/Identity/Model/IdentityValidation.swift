import FTZCore
import Localization

/// The field rules of identity's inputs (usernames, passwords, roles, languages, names),
/// shared by the organisation, account and client operations. Each adds its fault to the
/// caller's validator under the field's pointer.
enum IdentityValidation {
    static func isValidUsername(_ username: String) -> Bool {
        (3...64).contains(username.count)
            && username.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._@-".contains($0)) }
    }

    static func checkPassword(_ password: String, pointer: String, into validator: inout FieldValidator) {
        if password.schemaLength < PasswordHasher.minimumCharacters {
            validator.add(pointer, "password_too_short", arguments: ["min": String(PasswordHasher.minimumCharacters)])
        } else if password.utf8.count > PasswordHasher.maximumBytes {
            validator.add(pointer, "password_too_long", arguments: ["max": String(PasswordHasher.maximumBytes)])
        }
    }

    static func parseRoles(_ names: [String], into validator: inout FieldValidator) -> Set<Role> {
        var roles: Set<Role> = []
        validator.check(!names.isEmpty, "/roles", "required")
        for (position, name) in names.enumerated() {
            if let role = Role(rawValue: name) { roles.insert(role) } else {
                validator.add("/roles/\(position)", "role_unknown", arguments: ["value": name])
            }
        }
        return roles
    }

    /// One of the service's five languages (notifications are written in it), or nil.
    static func language(_ text: String?, into validator: inout FieldValidator) -> Language? {
        guard let tag = validator.parse("/preferredLanguage", text, required: false, { text throws(ValueError) in try LanguageTag(text) })
        else { return nil }
        guard let language = Language(tag: tag) else { validator.add("/preferredLanguage", "language_unsupported"); return nil }
        return language
    }

    /// No control characters (a NUL would not even store on PostgreSQL).
    static func checkPrintable(_ text: String, _ pointer: String, into validator: inout FieldValidator) {
        if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) { validator.add(pointer, "control_characters") }
    }

    /// Latin letters (with diacritics), digits, spaces and common company punctuation.
    static func checkLatin(_ name: String, into validator: inout FieldValidator) {
        let latin = name.unicodeScalars.allSatisfy { scalar in
            // Basic Latin to Latin Extended-B and Latin Extended Additional (Vietnamese), no controls.
            (scalar.value >= 0x20 && scalar.value < 0x7F) || (0xA0..<0x250).contains(scalar.value) || (0x1E00...0x1EFF).contains(scalar.value)
        }
        validator.check(!name.isEmpty && name.count <= 300 && latin, "/nameLatin", "latin_letters")
    }

    /// A company register number as registers print them: letters, digits, spaces, - / . and no more than 64.
    static func checkRegistrationNumber(_ number: String, into validator: inout FieldValidator) {
        let allowed = number.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || " -/.".contains($0)) }
        validator.check(!number.isEmpty && number.count <= 64 && allowed, "/parentRegistration", "registration_number_format")
    }

    static func checkRoles(_ roles: Set<Role>, fit kind: OrganisationKind, pointer: String) throws(Problem) {
        let misfits = roles.filter { !$0.allowedOrganisationKinds.contains(kind) }.sorted()
        guard misfits.isEmpty else {
            throw Problem.invalid(pointer, "role_not_for_organisation",
                                  arguments: ["roles": misfits.map(\.rawValue).joined(separator: ", "), "kind": kind.rawValue])
        }
    }
}
