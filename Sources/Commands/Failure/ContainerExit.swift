/// `swctl run` in the foreground ends with the container's own exit
/// status (128 + N when a signal N ended it), as `docker run` does.
struct ContainerExit: Error {
    var status: Int32
}
