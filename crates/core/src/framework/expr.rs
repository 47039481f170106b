//! The formula language of frameworks: numbers, codes, `+ − × ÷`, parentheses and the two
//! functions `max(a, b)` and `min(a, b)`.
//!
//! Formulas are parsed once when a framework is loaded (so that a typo is an error at start,
//! not a wrong figure later) and evaluated on exact decimals. A missing input or a zero
//! denominator gives no value (`None`): never an error, never zero — for the functions as for
//! the operators (`max(a, missing)` has no value).

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::codes::Code;

/// A binary operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
}

impl Op {
    fn precedence(self) -> u8 {
        match self {
            Self::Add | Self::Sub => 1,
            Self::Mul | Self::Div => 2,
        }
    }

    fn symbol(self) -> &'static str {
        match self {
            Self::Add => "+",
            Self::Sub => "−",
            Self::Mul => "×",
            Self::Div => "÷",
        }
    }
}

/// A function of two values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Func {
    /// `max(a, b)`: the larger of the two (the positive part of `a` is `max(a, 0)`).
    Max,
    /// `min(a, b)`: the smaller of the two (the negative part of `a` is `min(a, 0)`).
    Min,
}

impl Func {
    /// The function's name in formulas.
    pub fn name(self) -> &'static str {
        match self {
            Self::Max => "max",
            Self::Min => "min",
        }
    }

    fn from_name(name: &str) -> Option<Self> {
        match name {
            "max" => Some(Self::Max),
            "min" => Some(Self::Min),
            _ => None,
        }
    }

    fn apply(self, a: Decimal, b: Decimal) -> Decimal {
        match self {
            Self::Max => a.max(b),
            Self::Min => a.min(b),
        }
    }
}

/// A parsed formula.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// A decimal constant.
    Num(Decimal),
    /// The value of an item, total or derived value.
    Ref(Code),
    /// `−x`
    Neg(Box<Expr>),
    /// `a op b`
    Bin(Op, Box<Expr>, Box<Expr>),
    /// `f(a, b)`
    Call(Func, Box<Expr>, Box<Expr>),
}

/// A formula that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("formula \"{formula}\": {message} (at character {position})")]
pub struct ExprError {
    /// The formula as written.
    pub formula: String,
    /// What is wrong.
    pub message: String,
    /// Character position (from 1).
    pub position: usize,
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Num(Decimal),
    Ident(String),
    Op(Op),
    LParen,
    RParen,
    Comma,
}

struct Parser<'a> {
    formula: &'a str,
    tokens: Vec<(usize, Token)>,
    pos: usize,
}

impl Expr {
    /// Parses a formula.
    pub fn parse(formula: &str) -> Result<Self, ExprError> {
        let tokens = tokenize(formula)?;
        let mut parser = Parser {
            formula,
            tokens,
            pos: 0,
        };
        let expr = parser.expr()?;
        if let Some((at, _)) = parser.tokens.get(parser.pos) {
            return Err(parser.error(*at, "unexpected text after the end of the formula"));
        }
        Ok(expr)
    }

    /// Evaluates with `lookup` giving the value of each code; `None` when an input is missing,
    /// a denominator is zero or the result does not fit an exact decimal.
    pub fn eval(&self, lookup: &mut dyn FnMut(&Code) -> Option<Decimal>) -> Option<Decimal> {
        match self {
            Self::Num(n) => Some(*n),
            Self::Ref(code) => lookup(code),
            Self::Neg(e) => e.eval(lookup).map(|v| -v),
            Self::Bin(op, a, b) => {
                let a = a.eval(lookup)?;
                let b = b.eval(lookup)?;
                match op {
                    Op::Add => a.checked_add(b),
                    Op::Sub => a.checked_sub(b),
                    Op::Mul => a.checked_mul(b),
                    Op::Div => {
                        if b.is_zero() {
                            None
                        } else {
                            a.checked_div(b)
                        }
                    }
                }
            }
            Self::Call(func, a, b) => {
                let a = a.eval(lookup)?;
                let b = b.eval(lookup)?;
                Some(func.apply(a, b))
            }
        }
    }

    /// Every code the formula reads, in order of appearance (with repeats).
    pub fn refs(&self) -> Vec<&Code> {
        let mut out = Vec::new();
        self.collect_refs(&mut out);
        out
    }

    fn collect_refs<'a>(&'a self, out: &mut Vec<&'a Code>) {
        match self {
            Self::Num(_) => {}
            Self::Ref(c) => out.push(c),
            Self::Neg(e) => e.collect_refs(out),
            Self::Bin(_, a, b) | Self::Call(_, a, b) => {
                a.collect_refs(out);
                b.collect_refs(out);
            }
        }
    }

    fn fmt_prec(&self, f: &mut fmt::Formatter<'_>, parent: u8, right_side: bool) -> fmt::Result {
        match self {
            Self::Num(n) => write!(f, "{n}"),
            Self::Ref(c) => write!(f, "{c}"),
            Self::Neg(e) => {
                f.write_str("−")?;
                e.fmt_prec(f, 3, false)
            }
            Self::Bin(op, a, b) => {
                let p = op.precedence();
                let paren = p < parent || (p == parent && right_side);
                if paren {
                    f.write_str("(")?;
                }
                a.fmt_prec(f, p, false)?;
                write!(f, " {} ", op.symbol())?;
                b.fmt_prec(f, p, true)?;
                if paren {
                    f.write_str(")")?;
                }
                Ok(())
            }
            Self::Call(func, a, b) => {
                write!(f, "{}(", func.name())?;
                a.fmt_prec(f, 0, false)?;
                f.write_str(", ")?;
                b.fmt_prec(f, 0, false)?;
                f.write_str(")")
            }
        }
    }
}

impl fmt::Display for Expr {
    /// Writes the formula for people (`(a + b) ÷ 2`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.fmt_prec(f, 0, false)
    }
}

impl Serialize for Expr {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Expr {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

fn tokenize(formula: &str) -> Result<Vec<(usize, Token)>, ExprError> {
    let chars: Vec<char> = formula.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    let error = |position: usize, message: String| ExprError {
        formula: formula.to_owned(),
        message,
        position: position + 1,
    };
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        match c {
            c if c.is_whitespace() => {
                i += 1;
                continue;
            }
            '+' => tokens.push((start, Token::Op(Op::Add))),
            '-' | '\u{2212}' => tokens.push((start, Token::Op(Op::Sub))),
            '*' | '\u{00D7}' => tokens.push((start, Token::Op(Op::Mul))),
            '/' | '\u{00F7}' => tokens.push((start, Token::Op(Op::Div))),
            '(' => tokens.push((start, Token::LParen)),
            ')' => tokens.push((start, Token::RParen)),
            ',' => tokens.push((start, Token::Comma)),
            c if c.is_ascii_digit() => {
                while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                    i += 1;
                }
                let text: String = chars[start..i].iter().collect();
                let n = Decimal::from_str_exact(&text)
                    .map_err(|_| error(start, format!("\"{text}\" is not a number")))?;
                tokens.push((start, Token::Num(n)));
                continue;
            }
            c if c.is_ascii_lowercase() => {
                while i < chars.len()
                    && (chars[i].is_ascii_lowercase()
                        || chars[i].is_ascii_digit()
                        || chars[i] == '_'
                        || chars[i] == '.')
                {
                    i += 1;
                }
                let text: String = chars[start..i].iter().collect();
                if text.ends_with('.') {
                    return Err(error(i - 1, format!("\"{text}\" ends with '.'")));
                }
                tokens.push((start, Token::Ident(text)));
                continue;
            }
            other => return Err(error(start, format!("unexpected character '{other}'"))),
        }
        i += 1;
    }
    Ok(tokens)
}

impl Parser<'_> {
    fn error(&self, position: usize, message: &str) -> ExprError {
        ExprError {
            formula: self.formula.to_owned(),
            message: message.to_owned(),
            position: position + 1,
        }
    }

    fn end(&self) -> usize {
        self.formula.chars().count()
    }

    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos).map(|(_, t)| t)
    }

    fn expr(&mut self) -> Result<Expr, ExprError> {
        let mut left = self.term()?;
        while let Some(Token::Op(op @ (Op::Add | Op::Sub))) = self.peek().cloned() {
            self.pos += 1;
            let right = self.term()?;
            left = Expr::Bin(op, Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn term(&mut self) -> Result<Expr, ExprError> {
        let mut left = self.factor()?;
        while let Some(Token::Op(op @ (Op::Mul | Op::Div))) = self.peek().cloned() {
            self.pos += 1;
            let right = self.factor()?;
            left = Expr::Bin(op, Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    /// The two arguments and the closing parenthesis of `func(`, already read.
    fn call(&mut self, func: Func) -> Result<Expr, ExprError> {
        let first = self.expr()?;
        match self.tokens.get(self.pos) {
            Some((_, Token::Comma)) => self.pos += 1,
            Some((at, _)) => {
                let at = *at;
                return Err(self.error(
                    at,
                    &format!("{}( needs two values: expected ','", func.name()),
                ));
            }
            None => return Err(self.error(self.end(), "missing ','")),
        }
        let second = self.expr()?;
        match self.tokens.get(self.pos) {
            Some((_, Token::RParen)) => {
                self.pos += 1;
                Ok(Expr::Call(func, Box::new(first), Box::new(second)))
            }
            Some((at, _)) => {
                let at = *at;
                Err(self.error(
                    at,
                    &format!("{}( takes two values: expected ')'", func.name()),
                ))
            }
            None => Err(self.error(self.end(), "missing ')'")),
        }
    }

    fn factor(&mut self) -> Result<Expr, ExprError> {
        let Some((at, token)) = self.tokens.get(self.pos).cloned() else {
            return Err(self.error(self.end(), "the formula ends too early"));
        };
        self.pos += 1;
        match token {
            Token::Num(n) => Ok(Expr::Num(n)),
            Token::Ident(name) => {
                if let (Some(func), Some(Token::LParen)) = (Func::from_name(&name), self.peek()) {
                    self.pos += 1;
                    return self.call(func);
                }
                Code::parse(&name)
                    .map(Expr::Ref)
                    .map_err(|e| self.error(at, &e.to_string()))
            }
            Token::Op(Op::Sub) => Ok(Expr::Neg(Box::new(self.factor()?))),
            Token::Op(Op::Add) => self.factor(),
            Token::LParen => {
                let inner = self.expr()?;
                match self.tokens.get(self.pos) {
                    Some((_, Token::RParen)) => {
                        self.pos += 1;
                        Ok(inner)
                    }
                    Some((at, _)) => Err(self.error(*at, "expected ')'")),
                    None => Err(self.error(self.end(), "missing ')'")),
                }
            }
            Token::RParen => Err(self.error(at, "unexpected ')'")),
            Token::Comma => Err(self.error(at, "unexpected ','")),
            Token::Op(_) => Err(self.error(at, "an operator needs a value before it")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::str::FromStr;

    fn values() -> HashMap<&'static str, Decimal> {
        [
            ("a", "10"),
            ("b", "4"),
            ("zero", "0"),
            ("loans.outstanding", "200"),
            ("loans.outstanding_open", "100"),
        ]
        .into_iter()
        .filter_map(|(k, v)| Decimal::from_str(v).ok().map(|v| (k, v)))
        .collect()
    }

    #[track_caller]
    fn check(formula: &str, expected: Option<&str>) {
        let vals = values();
        let got =
            Expr::parse(formula).map(|e| e.eval(&mut |c: &Code| vals.get(c.as_str()).copied()));
        let expected = expected.map(|e| Decimal::from_str(e).ok());
        assert_eq!(
            got.map(|v| v.map(|d| d.normalize())),
            Ok(expected.flatten().map(|d| d.normalize())),
            "{formula}"
        );
    }

    #[test]
    fn evaluates() {
        check("a + b", Some("14"));
        check("a - b * 2", Some("2"));
        check("(a - b) * 2", Some("12"));
        check("a / b", Some("2.5"));
        check("-a + 3", Some("-7"));
        check("a × 100 ÷ b", Some("250"));
        check(
            "(loans.outstanding_open + loans.outstanding) / 2",
            Some("150"),
        );
        check("a − b", Some("6"));
        check("1.5 * 2", Some("3"));
    }

    #[test]
    fn missing_inputs_and_zero_denominators_give_no_value() {
        check("a / zero", None);
        check("a + missing", None);
        check("missing / zero", None);
        check("zero / a", Some("0"));
    }

    #[track_caller]
    fn bad(formula: &str, position: usize) {
        let err = Expr::parse(formula).err();
        assert_eq!(
            err.as_ref().map(|e| e.position),
            Some(position),
            "{formula}: {err:?}"
        );
    }

    #[test]
    fn syntax_errors_say_where() {
        bad("a +", 4);
        bad("(a + b", 7);
        bad("a b", 3);
        bad("a + )", 5);
        bad("a % b", 3);
        bad("A + b", 1);
        bad("loans. + b", 6);
        bad("", 1);
        bad("* a", 1);
    }

    #[test]
    fn displays_with_needed_parentheses_only() -> Result<(), ExprError> {
        let shown = |f: &str| Expr::parse(f).map(|e| e.to_string());
        assert_eq!(shown("(a + b) / 2")?, "(a + b) ÷ 2");
        assert_eq!(shown("a + b / 2")?, "a + b ÷ 2");
        assert_eq!(shown("a - (b - c)")?, "a − (b − c)");
        assert_eq!(shown("a / (b * c)")?, "a ÷ (b × c)");
        assert_eq!(shown("a * 100")?, "a × 100");
        Ok(())
    }

    #[test]
    fn max_and_min_are_exact_and_missing_gives_no_value() {
        check("max(a, b)", Some("10"));
        check("min(a, b)", Some("4"));
        check("max(a - 20, 0)", Some("0"));
        check("min(a - 20, 0)", Some("-10"));
        check("max(a - 20, 0) + min(a - 20, 0)", Some("-10"));
        check("2 * max(b, 1.5) + 1", Some("9"));
        check("max(-a, -b)", Some("-4"));
        check("min(max(a, b), 7)", Some("7"));
        check("max(a, missing)", None);
        check("min(missing, 0)", None);
        check("max(a / zero, 0)", None);
        // `max` and `min` are functions only before '(': elsewhere they are codes.
        check("max + 1", None);
    }

    #[test]
    fn max_and_min_syntax_errors_say_where() {
        bad("max(a)", 6);
        bad("max(a b)", 7);
        bad("max(a, b", 9);
        bad("max(a, b, c)", 9);
        bad("max()", 5);
        bad("a, b", 2);
        bad("mean(a, b)", 5);
    }

    #[test]
    fn max_and_min_display_and_read_back() -> Result<(), ExprError> {
        for (formula, shown) in [
            ("max(a,0)", "max(a, 0)"),
            ("min( a - b , 0 )", "min(a − b, 0)"),
            ("x + max(a, 0) * 2", "x + max(a, 0) × 2"),
            ("-min(a, 0)", "−min(a, 0)"),
            ("max((a + b) / 2, min(a, b))", "max((a + b) ÷ 2, min(a, b))"),
        ] {
            let expr = Expr::parse(formula)?;
            assert_eq!(expr.to_string(), shown);
            assert_eq!(Expr::parse(shown)?, expr, "{shown} reads back");
        }
        Ok(())
    }

    #[test]
    fn lists_references() -> Result<(), ExprError> {
        let e = Expr::parse("x.a / (x.b + x.a)")?;
        let refs: Vec<&str> = e.refs().into_iter().map(Code::as_str).collect();
        assert_eq!(refs, ["x.a", "x.b", "x.a"]);
        Ok(())
    }
}
