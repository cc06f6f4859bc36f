package check

import (
	"bufio"
	"bytes"
	"strings"
)

// pkg is an installed package as a package database records it.
type pkg struct {
	name    string
	version string
}

// parseDpkgStatus lists the installed packages of a dpkg status file (or of
// one file of the status.d folder that distroless images use).
func parseDpkgStatus(data []byte) []pkg {
	var out []pkg
	var cur pkg
	installed := true
	flush := func() {
		if cur.name != "" && installed {
			out = append(out, cur)
		}
		cur, installed = pkg{}, true
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		key, val, ok := strings.Cut(line, ":")
		if !ok || strings.HasPrefix(line, " ") {
			continue
		}
		val = strings.TrimSpace(val)
		switch key {
		case "Package":
			cur.name = val
		case "Version":
			cur.version = val
		case "Status":
			// "install ok installed"; anything else is removed or half-done.
			installed = strings.HasSuffix(val, " installed")
		}
	}
	flush()
	return out
}

// parseApkInstalled lists the packages of Alpine's /lib/apk/db/installed,
// whose records are "P:name" and "V:version" lines separated by blank lines.
func parseApkInstalled(data []byte) []pkg {
	var out []pkg
	var cur pkg
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "":
			if cur.name != "" {
				out = append(out, cur)
			}
			cur = pkg{}
		case strings.HasPrefix(line, "P:"):
			cur.name = line[2:]
		case strings.HasPrefix(line, "V:"):
			cur.version = line[2:]
		}
	}
	if cur.name != "" {
		out = append(out, cur)
	}
	return out
}
