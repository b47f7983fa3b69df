//! The PDF's logical structure (its tag tree), recorded as the pages are laid out: sections,
//! headings, paragraphs, tables with their rows and cells, figures, each holding the lines
//! drawn for it by number. Pages are drawn after the layout, so the tree is built at the end,
//! each line replaced by the identifiers of the spans drawn for it. A screen reader follows
//! this tree, so it reads a table cell that runs over two pages as one cell.

use krilla::tagging::{Identifier, Node as KrillaNode, TagGroup, TagKind, TagTree};

#[derive(Clone)]
enum Node {
    Group(TagKind, Vec<Node>),
    Line(usize),
}

pub(super) struct Structure {
    /// The groups open, innermost last; the first is the document.
    open: Vec<(TagKind, Vec<Node>)>,
    done: Vec<Node>,
    lines: usize,
}

impl Structure {
    pub fn new() -> Self {
        Self {
            open: Vec::new(),
            done: Vec::new(),
            lines: 0,
        }
    }

    pub fn open(&mut self, kind: impl Into<TagKind>) {
        self.open.push((kind.into(), Vec::new()));
    }

    pub fn close(&mut self) {
        if let Some((kind, children)) = self.open.pop() {
            self.add(Node::Group(kind, children));
        }
    }

    /// A new line of the group open, by number.
    pub fn line(&mut self) -> usize {
        let line = self.lines;
        self.lines += 1;
        self.add(Node::Line(line));
        line
    }

    /// How many lines there are.
    pub fn lines(&self) -> usize {
        self.lines
    }

    fn add(&mut self, node: Node) {
        match self.open.last_mut() {
            Some((_, children)) => children.push(node),
            None => self.done.push(node),
        }
    }

    /// The tag tree (of the groups closed), each line's spans taken from `spans` (indexed by line).
    pub fn tree(&self, mut spans: Vec<Vec<Identifier>>, lang: &str) -> TagTree {
        let mut tree = TagTree::new().with_lang(Some(lang.to_string()));
        for node in self.done.iter().cloned() {
            for child in krilla_nodes(node, &mut spans) {
                tree.push(child);
            }
        }
        tree
    }
}

fn krilla_nodes(node: Node, spans: &mut [Vec<Identifier>]) -> Vec<KrillaNode> {
    match node {
        Node::Line(n) => spans
            .get_mut(n)
            .map(std::mem::take)
            .unwrap_or_default()
            .into_iter()
            .map(KrillaNode::from)
            .collect(),
        Node::Group(kind, children) => {
            let children: Vec<KrillaNode> = children
                .into_iter()
                .flat_map(|c| krilla_nodes(c, spans))
                .collect();
            if children.is_empty() {
                Vec::new()
            } else {
                vec![TagGroup::with_children(kind, children).into()]
            }
        }
    }
}
