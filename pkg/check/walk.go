package check

import (
	"bytes"
	"path"
	"strings"

	"github.com/imgaudit/imgaudit/layers"
)

// Tags the checks ask the walker to put on files from their first bytes.
const (
	tagPrivateKey layers.Tag = 1 << iota
)

// keptFiles are the files whose content some check reads.
var keptFiles = map[string]bool{
	"/etc/passwd":           true,
	"/etc/group":            true,
	"/etc/os-release":       true,
	"/usr/lib/os-release":   true,
	"/var/lib/dpkg/status":  true,
	"/lib/apk/db/installed": true,
}

// WalkVersion names the rules WalkOptions sets: which files keep their
// content and which tags sniff puts on them. A layers.Cache that persists
// reads stores it as its Version, so bump it whenever WalkOptions, keep,
// sniff, keptFiles or the tags change, or a cached read would miss them.
const WalkVersion = "check-walk-2"

// WalkOptions returns the walker options that keep what the checks read.
// Change WalkVersion with them.
func WalkOptions() layers.Options {
	return layers.Options{Keep: keep, Sniff: sniff}
}

func keep(p string, size int64) bool {
	return keptFiles[p] || path.Dir(p) == "/var/lib/dpkg/status.d" || keepSecret(p, size)
}

var privateKeyHeaders = [][]byte{
	[]byte("-----BEGIN OPENSSH PRIVATE KEY-----"),
	[]byte("-----BEGIN PRIVATE KEY-----"),
	[]byte("-----BEGIN ENCRYPTED PRIVATE KEY-----"),
}

func sniff(_ string, head []byte) layers.Tag {
	head = bytes.TrimLeft(head, " \t\r\n")
	if !bytes.HasPrefix(head, []byte("-----BEGIN ")) {
		return 0
	}
	for _, h := range privateKeyHeaders {
		if bytes.HasPrefix(head, h) {
			return tagPrivateKey
		}
	}
	// "-----BEGIN RSA PRIVATE KEY-----", "-----BEGIN EC PRIVATE KEY-----", …
	line, _, _ := bytes.Cut(head, []byte("\n"))
	if strings.HasSuffix(strings.TrimSpace(string(line)), "PRIVATE KEY-----") {
		return tagPrivateKey
	}
	return 0
}
