import ArmatureCore
import Foundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// An XML element with the line it starts on: the small tree the URDF loader walks. Comments are
/// dropped; text is kept trimmed (Gazebo extensions keep values in text, like `<mu1>0.9</mu1>`).
struct MarkupElement: Sendable {
  var name: String
  var attributes: [String: String]
  var children: [MarkupElement]
  /// The element's own text, trimmed.
  var text = ""
  /// 1-based line of the start tag.
  var line: Int

  /// The direct children called `name`.
  func children(named name: String) -> [MarkupElement] { children.filter { $0.name == name } }

  /// The first direct child called `name`.
  func child(named name: String) -> MarkupElement? { children.first { $0.name == name } }

  /// Parses an XML document. Malformed XML gives a located error with the parser's line.
  static func parse(_ data: Data, file: String) throws -> MarkupElement {
    let parser = XMLParser(data: data)
    let builder = MarkupBuilder(parser: parser)
    parser.delegate = builder
    parser.shouldProcessNamespaces = false
    parser.shouldResolveExternalEntities = false
    let ok = parser.parse()
    if !ok || parser.parserError != nil || builder.error != nil {
      let line = builder.errorLine ?? parser.lineNumber
      var reason = builder.error ?? (parser.parserError.map { describe($0) } ?? "malformed XML")
      if reason.isEmpty { reason = "malformed XML" }
      throw LocatedError(file: file, line: line > 0 ? line : nil, message: "XML syntax error: \(reason)")
    }
    guard let root = builder.root else {
      throw LocatedError(file: file, line: 1, message: "XML syntax error: the document has no root element")
    }
    return root
  }

  private static func describe(_ error: any Error) -> String {
    let ns = error as NSError
    // libxml2's codes through XMLParser: name the common ones rather than print a bare number.
    switch ns.code {
    case 4: return "the document is empty"
    case 5: return "the document ends early (an element is not closed)"
    case 9: return "invalid character"
    case 38, 39: return "malformed attribute"
    case 41: return "an attribute is given twice"
    case 64, 73, 76: return "a start tag and its end tag do not match"
    case 111: return "malformed XML declaration"
    default: return "malformed XML (libxml2 error \(ns.code))"
    }
  }
}

/// Builds the element tree from XMLParser's events.
private final class MarkupBuilder: NSObject, XMLParserDelegate {
  unowned let parser: XMLParser
  var stack: [MarkupElement] = []
  var root: MarkupElement?
  var error: String?
  var errorLine: Int?

  init(parser: XMLParser) { self.parser = parser }

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
    attributes: [String: String] = [:]
  ) {
    stack.append(MarkupElement(name: elementName, attributes: attributes, children: [], line: parser.lineNumber))
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    guard !stack.isEmpty else { return }
    stack[stack.count - 1].text += string
  }

  func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
    guard var done = stack.popLast() else { return }
    done.text = done.text.trimmingCharacters(in: .whitespacesAndNewlines)
    if stack.isEmpty {
      root = done
    } else {
      stack[stack.count - 1].children.append(done)
    }
  }

  func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
    if errorLine == nil { errorLine = parser.lineNumber }
  }
}
