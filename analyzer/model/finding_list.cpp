#include "analyzer/model/finding_list.h"

#include <algorithm>
#include <cstring>
#include <exception>
#include <stdexcept>
#include <thread>
#include <type_traits>

#include "analyzer/model/varint.h"

namespace amtdiag::model {

namespace {

// Findings are written into blocks of this size; one that does not fit gets a block of its
// own size.
constexpr size_t kBlockBytes = size_t{1} << 20;
// Below this many findings per thread, a thread costs more than it saves.
constexpr size_t kFindingsPerThreadAtLeast = 4096;
// The two low bits of a string's tag.
constexpr uint64_t kWordTag = 1;
constexpr uint64_t kPhraseTag = 2;

// The encoding: the fields in the order visit_finding() lists them, head fields first so that
// head() stops early. Numbers are LEB128 varints (signed ones zigzagged). A string is a varint
// tag whose two low bits say what follows: 0, its bytes (the tag holds the length); 1, nothing
// (the tag holds a vocabulary word's number); 2, nothing (the tag holds a phrase's number).
// Writer and Reader offer the same calls, one per kind of field, so the field list is
// written once and serves both directions.
class Writer {
  public:
    Writer(std::string& out, const FindingVocabulary* vocabulary)
        : out_(out), vocabulary_(vocabulary) {}

    template <class Integer>
    void integer(Integer value) {
        if constexpr (std::is_signed_v<Integer>) {
            number(zigzag(static_cast<int64_t>(value)));
        } else {
            number(static_cast<uint64_t>(value));
        }
    }
    void status(Status value) { out_.push_back(static_cast<char>(value)); }
    template <class Item>
    void count(const std::vector<Item>& items) {
        number(items.size());
    }
    // A word of the vocabulary when it is one, else inline.
    void word(std::string_view value) {
        if (vocabulary_ != nullptr) {
            if (const int64_t word = vocabulary_->find(value); word >= 0) {
                number((static_cast<uint64_t>(word) << 2) | kWordTag);
                return;
            }
        }
        inline_text(value);
    }
    // Messages, excerpts and times are never words; long ones go to the phrase book, where
    // the copies other findings make of them cost a number each.
    void plain(std::string_view value) {
        if (vocabulary_ != nullptr && value.size() >= PhraseBook::kShortest) {
            number((uint64_t{vocabulary_->phrases().number(value)} << 2) | kPhraseTag);
            return;
        }
        inline_text(value);
    }
    // Most citations of a finding name the file the one before names: that is one byte.
    void word_or_same(const std::string& value, const std::string* before) {
        const bool same = before != nullptr && *before == value;
        out_.push_back(same ? '\1' : '\0');
        if (!same) word(value);
    }

    void written_out(std::string_view value) { inline_text(value); }

  private:
    void inline_text(std::string_view value) {
        number(static_cast<uint64_t>(value.size()) << 2);
        out_.append(value);
    }
    void number(uint64_t value) { put_varint(out_, value); }

    std::string& out_;
    const FindingVocabulary* vocabulary_;
};

class Reader {
  public:
    Reader(const char* at, const FindingVocabulary* vocabulary)
        : in_(at), vocabulary_(vocabulary) {}

    template <class Integer>
    void integer(Integer& value) {
        const uint64_t raw = in_.number();
        if constexpr (std::is_signed_v<Integer>)
            value = static_cast<Integer>(unzigzag(raw));
        else
            value = static_cast<Integer>(raw);
    }
    void status(Status& value) { value = static_cast<Status>(in_.byte()); }
    template <class Item>
    void count(std::vector<Item>& items) {
        items.resize(in_.number());
    }
    void word(std::string_view& into) { into = text(); }  // a view: head() allocates nothing
    void word(std::string& into) {
        const std::string_view value = text();
        into.assign(value.data(), value.size());
    }
    void plain(std::string& into) { word(into); }
    void written_out(std::string& into) { word(into); }
    void word_or_same(std::string& into, const std::string* before) {
        if (in_.byte() == 1)
            into = *before;
        else
            word(into);
    }

  private:
    std::string_view text() {
        const uint64_t tag = in_.number();
        switch (tag & 3) {
            case kWordTag:
                return vocabulary_->word(static_cast<uint32_t>(tag >> 2));
            case kPhraseTag:
                return vocabulary_->phrases().phrase(static_cast<uint32_t>(tag >> 2));
            default:
                return in_.bytes(tag >> 2);
        }
    }

    VarintReader in_;
    const FindingVocabulary* vocabulary_;
};

// The head fields, for a Finding or a FindingHead (their members share these names).
template <class Io, class Head>
void visit_head(Io& io, Head& h) {
    io.status(h.status);
    io.integer(h.verdict_stage);
    io.integer(h.suspect_rank);
    io.integer(h.for_all_devices);
    io.word(h.check);
    io.word(h.device);
    io.word(h.rule);
}

template <class Io, class Words>
void visit_words(Io& io, Words& words) {
    io.count(words);
    for (auto& w : words) io.word(w);
}

// Every field once, in encoding order: Io is a Writer (F = const Finding) or a Reader (F =
// Finding), so encoding and decoding cannot disagree on the order.
template <class Io, class F>
void visit_finding(Io& io, F& f) {
    visit_head(io, f);
    io.count(f.stages);
    for (auto& stage : f.stages) io.integer(stage);
    io.word(f.component);
    io.plain(f.message);
    io.word(f.fix);
    visit_words(io, f.refs);
    io.count(f.evidence);
    const std::string* last_artifact = nullptr;
    for (auto& e : f.evidence) {
        io.word_or_same(e.ref.artifact, last_artifact);
        last_artifact = &e.ref.artifact;
        io.integer(e.ref.line);
        io.integer(e.ref.packet);
        io.integer(e.ref.offset);
        io.integer(e.ref.item);
        io.plain(e.ref.excerpt);
        io.written_out(e.time);  // nearly every cited time is distinct: a phrase costs more
        io.count(e.codes);
        for (auto& code : e.codes) {
            io.word(code.code);
            io.word(code.family);
            io.word(code.name);
            io.word(code.meaning);
        }
    }
    visit_words(io, f.needs);
    visit_words(io, f.suspects);
}

}  // namespace

FindingVocabulary::FindingVocabulary(std::vector<std::string> words) {
    std::sort(words.begin(), words.end());
    words.erase(std::unique(words.begin(), words.end()), words.end());
    // Short words cost less inline than a number and a lookup would save.
    std::erase_if(words, [](const std::string& word) { return word.size() < 3; });
    words_ = std::move(words);
    numbers_.reserve(words_.size());
    for (size_t i = 0; i < words_.size(); ++i)
        numbers_.emplace(words_[i], static_cast<uint32_t>(i));
}

int64_t FindingVocabulary::find(std::string_view text) const {
    const auto it = numbers_.find(text);
    return it == numbers_.end() ? int64_t{-1} : static_cast<int64_t>(it->second);
}

FindingList::FindingList(std::shared_ptr<const FindingVocabulary> vocabulary)
    : vocabulary_(std::move(vocabulary)) {}

FindingList::FindingList(const std::vector<Finding>& findings) {
    *this = findings;
}

FindingList& FindingList::operator=(const std::vector<Finding>& findings) {
    clear();
    places_.reserve(findings.size());
    for (const auto& f : findings) push_back(f);
    return *this;
}

void FindingList::clear() {
    blocks_.clear();
    places_.clear();
}

FindingList::Place FindingList::store(const Finding& finding) {
    scratch_.clear();
    Writer writer(scratch_, vocabulary_.get());
    visit_finding(writer, finding);
    if (blocks_.empty() || blocks_.back().capacity() - blocks_.back().size() < scratch_.size()) {
        blocks_.emplace_back();
        blocks_.back().reserve(std::max(kBlockBytes, scratch_.size()));
    }
    std::string& block = blocks_.back();
    const Place place{static_cast<uint32_t>(blocks_.size() - 1),
                      static_cast<uint32_t>(block.size())};
    block.append(scratch_);  // within its capacity: the block's bytes never move
    return place;
}

const char* FindingList::bytes_at(Place place) const {
    return blocks_[place.block].data() + place.offset;
}

void FindingList::push_back(const Finding& finding) {
    places_.push_back(store(finding));
}

void FindingList::replace(size_t index, const Finding& finding) {
    places_.at(index) = store(finding);  // the old bytes stay unused until the list goes
}

void FindingList::decode(size_t index, Finding& f) const {
    Reader reader(bytes_at(places_[index]), vocabulary_.get());
    visit_finding(reader, f);
}

Finding FindingList::operator[](size_t index) const {
    Finding f;
    decode(index, f);
    return f;
}

Finding FindingList::at(size_t index) const {
    if (index >= size()) throw std::out_of_range("FindingList::at");
    return (*this)[index];
}

FindingHead FindingList::head(size_t index) const {
    Reader reader(bytes_at(places_[index]), vocabulary_.get());
    FindingHead head;
    visit_head(reader, head);
    return head;
}

std::vector<Finding> FindingList::to_vector() const {
    std::vector<Finding> out(size());
    for (size_t i = 0; i < out.size(); ++i) decode(i, out[i]);
    return out;
}

void FindingList::change_each(const std::function<bool(Finding&)>& change, unsigned jobs) {
    const size_t threads =
        std::clamp<size_t>(size() / kFindingsPerThreadAtLeast, 1, std::max(jobs, 1u));
    // Each part encodes the findings it changed into a list of its own; their blocks join
    // this list's afterwards, so no two threads ever write the same storage.
    struct Part {
        FindingList changed;
        std::vector<size_t> at;
        std::exception_ptr error;
    };
    std::vector<Part> parts(threads);
    auto run = [&](size_t t) {
        Part& part = parts[t];
        part.changed = FindingList(vocabulary_);
        try {
            Finding f;
            for (size_t i = size() * t / threads; i < size() * (t + 1) / threads; ++i) {
                decode(i, f);
                if (!change(f)) continue;
                part.changed.push_back(f);
                part.at.push_back(i);
            }
        } catch (...) {
            part.error = std::current_exception();
        }
    };
    {
        std::vector<std::jthread> workers;
        for (size_t t = 1; t < threads; ++t) workers.emplace_back(run, t);
        run(0);
    }
    for (auto& part : parts) {
        if (part.error) std::rethrow_exception(part.error);
        const auto base = static_cast<uint32_t>(blocks_.size());
        for (auto& block : part.changed.blocks_) blocks_.push_back(std::move(block));
        for (size_t k = 0; k < part.at.size(); ++k) {
            Place place = part.changed.places_[k];
            place.block += base;
            places_[part.at[k]] = place;
        }
    }
}

size_t FindingList::erase_if(const std::function<bool(const Finding&)>& drop) {
    size_t kept = 0;
    Finding f;
    for (size_t i = 0; i < places_.size(); ++i) {
        decode(i, f);
        if (!drop(f)) places_[kept++] = places_[i];
    }
    const size_t dropped = places_.size() - kept;
    places_.resize(kept);
    return dropped;
}

void FindingList::reorder(std::span<const size_t> order) {
    std::vector<Place> places(order.size());
    for (size_t k = 0; k < order.size(); ++k) places[k] = places_.at(order[k]);
    places_ = std::move(places);
}

void FindingList::append(FindingList&& other) {
    if (other.vocabulary_ != nullptr && other.vocabulary_ != vocabulary_) {
        // Its words are numbered differently: decode and encode again.
        Finding f;
        places_.reserve(places_.size() + other.size());
        for (size_t i = 0; i < other.size(); ++i) {
            other.decode(i, f);
            push_back(f);
        }
        other.clear();
        return;
    }
    // Inline strings and the same vocabulary read the same here: move the bytes as they are.
    const auto base = static_cast<uint32_t>(blocks_.size());
    for (auto& block : other.blocks_) blocks_.push_back(std::move(block));
    places_.reserve(places_.size() + other.places_.size());
    for (Place place : other.places_) {
        place.block += base;
        places_.push_back(place);
    }
    other.clear();
}

size_t FindingList::encoded_bytes() const {
    size_t bytes = 0;
    for (const auto& block : blocks_) bytes += block.size();
    return bytes;
}

size_t FindingList::phrase_bytes() const {
    return vocabulary_ != nullptr ? vocabulary_->phrases().bytes() : 0;
}

const Finding& FindingList::const_iterator::operator*() const {
    if (decoded_ != index_) {
        list_->decode(index_, current_);
        decoded_ = index_;
    }
    return current_;
}

}  // namespace amtdiag::model
