import ImageSpec
import ImageStore

extension RegistryClient {
    /// Downloads the blob `descriptor` into `store`, unless it is there
    /// already (then returns false). A partial file an earlier, interrupted
    /// pull left is continued with a Range request; the blob becomes visible
    /// only once its whole content hashes to the digest. A resumed download
    /// that does not verify is done again from the start, once; a dropped
    /// connection is retried (resuming) up to three times. `progress` gets
    /// the bytes present so far.
    @discardableResult
    public func fetchBlob(
        _ descriptor: Descriptor, into store: ContentStore, progress: @escaping (Int64) -> Void = { _ in }
    ) throws(RegistryError) -> Bool {
        let what = "pull \(endpoint.domain)/\(endpoint.repository): blob \(descriptor.digest)"
        for pass in 0..<2 {
            let partial: PartialBlob
            do {
                guard let opened = try PartialBlob.open(in: store, digest: descriptor.digest, size: descriptor.size)
                else { return false }
                partial = opened
            } catch {
                throw RegistryError("\(what): \(error)")
            }
            let resumed = partial.size > 0
            try download(descriptor, into: partial, progress: progress, what: what)
            do {
                try partial.commit()
                return true
            } catch {
                // commit removed the partial file: a second pass starts at byte 0.
                if pass == 0, resumed { continue }
                throw RegistryError("\(what): \(error)")
            }
        }
        throw RegistryError("\(what): the download did not verify")
    }

    /// Fills `partial` to the descriptor's size: resumes with Range, restarts
    /// when the server ignores it, retries a dropped connection.
    private func download(
        _ descriptor: Descriptor, into partial: PartialBlob, progress: @escaping (Int64) -> Void, what: String
    ) throws(RegistryError) {
        var lastError: RegistryError?
        for _ in 0..<4 {
            let resumedFrom = partial.size
            progress(resumedFrom)
            // Complete already (an earlier pull died before the rename).
            if resumedFrom == descriptor.size { return }
            var checkedStatus = false
            let sink: HTTPSink = { status, chunk in
                if !checkedStatus {
                    checkedStatus = true
                    // 200 to a Range request: the server sends everything again.
                    if status != 206, partial.size > 0 { try partial.restart() }
                }
                try partial.append(chunk)
                progress(partial.size)
            }
            let request = HTTPRequest(url: endpoint.blobURL(descriptor.digest), resumeFrom: resumedFrom)
            let response: HTTPResponse
            do {
                response = try send(request, sink: sink)
            } catch let error where error.isTransient {
                // The transfer broke off: keep what arrived and go on from there.
                lastError = error
                continue
            } catch {
                partial.suspend()
                throw error
            }
            if response.status == 416, resumedFrom > 0 {
                // The partial is not a prefix the server knows: start over.
                do { try partial.restart() } catch { throw RegistryError("\(what): \(error)") }
                continue
            }
            guard response.isSuccess else {
                partial.suspend()
                throw failure(response, "blob unknown")
            }
            return
        }
        partial.suspend()
        throw lastError ?? RegistryError("\(what): the download did not complete")
    }
}
