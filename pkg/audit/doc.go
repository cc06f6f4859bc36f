// Package audit is what the command line calls: an image goes in, a
// result.Result comes out. It walks the layers once, runs the check
// catalogue over the index and gathers the facts every report shows.
package audit
