package source

import (
	"archive/tar"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"
)

// maxMetadataSize caps the JSON documents (manifests, configs, indexes) read
// whole into memory, so that a hostile archive cannot exhaust it.
const maxMetadataSize = 64 << 20

// maxLinkHops bounds how many links a member name is followed through.
const maxLinkHops = 8

// errNotTar says a file could not be read as a tar archive.
var errNotTar = errors.New("not a tar archive")

// member is where one regular file or link sits inside a tar.
type member struct {
	offset   int64
	size     int64
	typeflag byte
	linkname string
}

// tarIndex maps the member names of a tar file to their place in it, so
// that members are read as sections of the file without extracting them.
// It holds the file open until Close.
type tarIndex struct {
	f       *os.File
	members map[string]member
}

// indexTar reads the headers of the tar at p once, seeking over content.
func indexTar(p string) (*tarIndex, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}

	members, err := scanTar(f)
	if err != nil {
		f.Close()
		return nil, err
	}
	return &tarIndex{f: f, members: members}, nil
}

func scanTar(f *os.File) (map[string]member, error) {
	members := map[string]member{}
	tr := tar.NewReader(f)
	last := ""
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return members, nil
		}
		if err != nil {
			return nil, tarError(err, last)
		}
		last = hdr.Name

		// tar.Reader has consumed exactly the header blocks, so the file
		// offset is where this member's content starts.
		off, err := f.Seek(0, io.SeekCurrent)
		if err != nil {
			return nil, err
		}

		name := cleanName(hdr.Name)
		if _, dup := members[name]; dup {
			continue
		}
		members[name] = member{
			offset:   off,
			size:     hdr.Size,
			typeflag: hdr.Typeflag,
			linkname: hdr.Linkname,
		}
	}
}

// tarError says why a tar could not be read: cut short after a member
// that was read whole or in part, or not a tar at all.
func tarError(err error, last string) error {
	if last != "" && errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("the tar archive is cut short in or after member %q: %w", last, err)
	}
	return fmt.Errorf("%w: %w", errNotTar, err)
}

// cleanName turns "./a/b", "/a/b" and "a//b" into "a/b".
func cleanName(name string) string {
	return strings.TrimPrefix(path.Clean("/"+name), "/")
}

// has reports whether the tar holds a member called name.
func (t *tarIndex) has(name string) bool {
	_, ok := t.members[cleanName(name)]
	return ok
}

// open returns the content of the member called name, following links.
// A missing member yields an error matching fs.ErrNotExist.
func (t *tarIndex) open(name string) (*io.SectionReader, error) {
	name = cleanName(name)
	for range maxLinkHops {
		m, ok := t.members[name]
		if !ok {
			return nil, fmt.Errorf("finding %q in archive: %w", name, fs.ErrNotExist)
		}

		switch m.typeflag {
		case tar.TypeReg:
			return io.NewSectionReader(t.f, m.offset, m.size), nil
		case tar.TypeSymlink:
			name = cleanName(path.Join(path.Dir(name), m.linkname))
		case tar.TypeLink:
			name = cleanName(m.linkname)
		default:
			return nil, fmt.Errorf("reading %q in archive: not a regular file", name)
		}
	}
	return nil, fmt.Errorf("reading %q in archive: too many links", name)
}

// readAll returns the whole content of a small member.
func (t *tarIndex) readAll(name string) ([]byte, error) {
	sr, err := t.open(name)
	if err != nil {
		return nil, err
	}
	if sr.Size() > maxMetadataSize {
		return nil, fmt.Errorf("reading %q in archive: %d bytes is too large", name, sr.Size())
	}

	var buf bytes.Buffer
	if _, err := buf.ReadFrom(sr); err != nil {
		return nil, fmt.Errorf("reading %q in archive: %w", name, err)
	}
	return buf.Bytes(), nil
}

// Close closes the tar file.
func (t *tarIndex) Close() error {
	return t.f.Close()
}
