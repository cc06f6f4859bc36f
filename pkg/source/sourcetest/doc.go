// Package sourcetest puts a fault-injecting proxy in front of a registry
// for tests: it answers chosen requests with an error status, resets the
// connection half way through a body, trickles a body a few bytes at a
// time, or never answers. It listens on 127.0.0.1 only.
package sourcetest
