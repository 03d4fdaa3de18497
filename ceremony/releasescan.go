package ceremony

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
)

// ReleaseScan is what a release directory holds, for a person to review
// before signing: the files a release would sign with the dotfiles
// included, and what deserves a second look.
type ReleaseScan struct {
	Files      []ReleaseFile // every regular file, dotfiles included, sorted
	Total      int64         // their size in bytes
	Dotfiles   []string      // files and folders whose name starts with '.' (a folder ends in '/')
	Symlinks   []string      // never signed: a release refuses them
	Odd        []string      // not regular files (devices, pipes): refused too
	Subfolders []string      // folders whose files are signed by their path
}

// Refused reports whether the release ceremony refuses the directory
// whatever the person chooses: it holds symlinks or odd files.
func (s *ReleaseScan) Refused() bool { return len(s.Symlinks) > 0 || len(s.Odd) > 0 }

// ScanRelease walks dir, refusing nothing (ReleaseFiles decides on it): it lists
// what ReleaseFiles(dir, nil, true) would sign and what it refuses.
func ScanRelease(dir string) (*ReleaseScan, error) {
	s := &ReleaseScan{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if path == dir {
			return nil
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if rel == SignatureName && d.Type().IsRegular() {
			return nil
		}
		dot := strings.HasPrefix(d.Name(), ".")
		switch {
		case d.IsDir():
			if dot {
				s.Dotfiles = append(s.Dotfiles, rel+"/")
			} else {
				s.Subfolders = append(s.Subfolders, rel+"/")
			}
		case d.Type()&fs.ModeSymlink != 0:
			s.Symlinks = append(s.Symlinks, rel)
		case !d.Type().IsRegular():
			s.Odd = append(s.Odd, rel)
		default:
			if dot {
				s.Dotfiles = append(s.Dotfiles, rel)
			}
			info, err := d.Info()
			if err != nil {
				return err
			}
			s.Files = append(s.Files, ReleaseFile{Name: rel, Size: info.Size()})
			s.Total += info.Size()
		}
		return nil
	})
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("release directory %s does not exist", dir)
	}
	if err != nil {
		return nil, err
	}
	return s, nil
}

// Signed lists the files a release signs: all of them with the dotfiles,
// else those outside any dotfile or dot-folder.
func (s *ReleaseScan) Signed(includeDotfiles bool) []ReleaseFile {
	if includeDotfiles {
		return s.Files
	}
	var out []ReleaseFile
	for _, f := range s.Files {
		if !hasDotPart(f.Name) {
			out = append(out, f)
		}
	}
	return out
}

func hasDotPart(name string) bool {
	for _, part := range strings.Split(name, "/") {
		if strings.HasPrefix(part, ".") {
			return true
		}
	}
	return false
}
