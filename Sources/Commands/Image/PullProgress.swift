import ImageSpec
import Registry
import Synchronization
import Syscalls

/// The progress of `swctl image pull` on stderr, as `docker pull` shows it:
/// on a terminal one line per layer, redrawn in place (at most ten times a
/// second); otherwise one plain line per finished layer.
final class PullProgress: PullObserver {
    private struct Layer {
        var id: String
        var bytes: Int64 = 0
        var total: Int64
        var state = "Waiting"
    }

    private struct State {
        var layers: [Layer] = []
        var drawnLines = 0
        var lastDraw: UInt64 = 0
    }

    private let redraw: Bool
    private let state = Mutex(State())

    init(redraw: Bool) { self.redraw = redraw }

    func resolved(reference: String, manifestDigest: String, layers: [Descriptor]) {
        state.withLock { state in
            state.layers = layers.map { Layer(id: Self.shortID($0.digest), total: $0.size) }
            if !redraw { emit("Pulling \(reference) (\(layers.count) layers)\n") }
            draw(&state, force: true)
        }
    }

    func progress(digest: String, bytes: Int64, total: Int64) {
        guard redraw else { return }
        let id = Self.shortID(digest)
        state.withLock { state in
            guard let index = state.layers.firstIndex(where: { $0.id == id }) else { return }
            state.layers[index].bytes = bytes
            state.layers[index].state = "Downloading"
            draw(&state, force: false)
        }
    }

    func finished(digest: String, state finished: LayerPullState) {
        let id = Self.shortID(digest)
        state.withLock { state in
            guard let index = state.layers.firstIndex(where: { $0.id == id }) else { return }
            state.layers[index].state = finished.rawValue
            if finished != .present { state.layers[index].bytes = state.layers[index].total }
            if redraw {
                draw(&state, force: true)
            } else if finished != .downloaded {
                emit("\(id): \(finished.rawValue)\n")
            }
        }
    }

    /// The last frame, so the final state stays on screen.
    func finish() {
        state.withLock { draw(&$0, force: true) }
    }

    private func draw(_ state: inout State, force: Bool) {
        guard redraw else { return }
        let now = Identity.monotonicNanoseconds()
        guard force || now - state.lastDraw >= 100_000_000 else { return }
        state.lastDraw = now
        var text = state.drawnLines > 0 ? "\u{1B}[\(state.drawnLines)A" : ""
        for layer in state.layers {
            var line = "\(layer.id): \(layer.state)"
            if layer.state == "Downloading" {
                line += " \(Self.size(layer.bytes))/\(Self.size(layer.total))"
            }
            text += "\u{1B}[2K" + line + "\n"
        }
        state.drawnLines = state.layers.count
        emit(text)
    }

    private func emit(_ text: String) {
        try? FileSystem.writeAll(text, toDescriptor: 2)
    }

    /// The first 12 hex digits, as docker shows a layer.
    static func shortID(_ digest: String) -> String {
        String(digest.dropFirst("sha256:".count).prefix(12))
    }

    static func size(_ bytes: Int64) -> String {
        let units = ["B", "kB", "MB", "GB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1000, unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        if unit == 0 { return "\(bytes)B" }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)\(units[unit])"
    }
}
