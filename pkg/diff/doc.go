// Package diff compares two images: what a release added to an image's size
// and where, which layers it kept, which files and findings it brought or
// took away, and how its config changed. It audits both images with the
// check catalogue, and reads a layer both images have once.
//
// Files are compared by path over the two final filesystems. Without
// hashing content only this much is certain: a file that the same layer
// (the same diff ID) wrote in both images is byte for byte the same; a file
// whose size differs changed. A file of the same size that a different layer
// wrote is reported as changed although its bytes may be equal, as when a
// rebuilt layer copies the same file again.
package diff
