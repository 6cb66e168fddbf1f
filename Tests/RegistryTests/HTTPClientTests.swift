import Registry
import Testing

@Suite struct HTTPClientTests {
    @Test func loadsLibcurlWithDlopen() throws {
        try HTTPClient.loadLibrary()
        #expect(HTTPClient.libraryVersion?.hasPrefix("libcurl/") == true)
    }

    @Test func namesTheURLAndCurlsReasonWhenNothingListens() throws {
        let client = try HTTPClient()
        // Port 9 (discard) on loopback: nothing listens there on a test machine.
        #expect(
            performing: { try client.perform(HTTPRequest(url: "http://127.0.0.1:9/v2/")) },
            throws: { error in
                let text = "\(error)"
                return text.hasPrefix("GET http://127.0.0.1:9/v2/: ") && text.contains("onnect")
            })
    }
}
