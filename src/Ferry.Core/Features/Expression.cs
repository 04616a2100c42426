using System.Globalization;
using Ferry.Core.Data;

namespace Ferry.Core.Features;

/// <summary>An arithmetic expression over columns: numbers, column names (bare identifiers, or
/// `back-quoted` / [bracketed] when they hold spaces), + - * / and parentheses. Evaluates to NaN when
/// an operand is missing or a division is by zero.</summary>
internal abstract class Expression
{
    public abstract double Evaluate(ITableRow row);

    /// <param name="text">The expression.</param>
    /// <param name="resolve">Column name to column index, or null when there is no such (numeric) column.</param>
    /// <param name="where">The spec key, for messages.</param>
    public static Expression Parse(string text, Func<string, int?> resolve, string where) =>
        new Parser(text, resolve, where).ParseAll();

    private sealed class Number(double value) : Expression
    {
        public override double Evaluate(ITableRow row) => value;
    }

    private sealed class Column(int index) : Expression
    {
        public override double Evaluate(ITableRow row) => row.Number(index);
    }

    private sealed class Negate(Expression operand) : Expression
    {
        public override double Evaluate(ITableRow row) => -operand.Evaluate(row);
    }

    private sealed class Binary(char op, Expression left, Expression right) : Expression
    {
        public override double Evaluate(ITableRow row)
        {
            var a = left.Evaluate(row);
            var b = right.Evaluate(row);
            return op switch
            {
                '+' => a + b,
                '-' => a - b,
                '*' => a * b,
                _ => b == 0 ? double.NaN : a / b,
            };
        }
    }

    private sealed class Parser(string text, Func<string, int?> resolve, string where)
    {
        private int _position;

        public Expression ParseAll()
        {
            var expression = Sum();
            SkipSpaces();
            return _position == text.Length ? expression : throw Error($"unexpected '{text[_position]}'");
        }

        private Expression Sum()
        {
            var left = Product();
            while (Peek() is '+' or '-')
            {
                var op = text[_position++];
                left = new Binary(op, left, Product());
            }

            return left;
        }

        private Expression Product()
        {
            var left = Factor();
            while (Peek() is '*' or '/')
            {
                var op = text[_position++];
                left = new Binary(op, left, Factor());
            }

            return left;
        }

        private Expression Factor()
        {
            var c = Peek();
            switch (c)
            {
                case null:
                    throw Error("the expression ends where a number, a column or '(' was expected");
                case '-':
                    _position++;
                    return new Negate(Factor());
                case '(':
                    _position++;
                    var inner = Sum();
                    if (Peek() != ')')
                    {
                        throw Error("')' expected");
                    }

                    _position++;
                    return inner;
                case '`' or '[':
                    return QuotedColumn(c == '`' ? '`' : ']');
                case var d when char.IsDigit(d.Value) || d == '.':
                    return NumberLiteral();
                case var l when char.IsLetter(l.Value) || l == '_':
                    var start = _position;
                    while (_position < text.Length && (char.IsLetterOrDigit(text[_position]) || text[_position] == '_'))
                    {
                        _position++;
                    }

                    return ColumnNamed(text[start.._position], start);
                default:
                    throw Error($"unexpected '{c}'");
            }
        }

        private Expression QuotedColumn(char close)
        {
            var start = _position++;
            var end = text.IndexOf(close, _position);
            if (end < 0)
            {
                throw Error($"'{close}' expected to close the column name");
            }

            _position = end + 1;
            return ColumnNamed(text[(start + 1)..end], start);
        }

        private Expression NumberLiteral()
        {
            var start = _position;
            while (_position < text.Length && (char.IsDigit(text[_position]) || text[_position] is '.' or 'e' or 'E'
                || (text[_position] is '+' or '-' && text[_position - 1] is 'e' or 'E')))
            {
                _position++;
            }

            var literal = text[start.._position];
            return double.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                ? new Number(value)
                : throw Error($"'{literal}' is not a number", start);
        }

        private Column ColumnNamed(string name, int start) => resolve(name) is { } index
            ? new Column(index)
            : throw Error($"'{name}' is not a numeric column of the data", start);

        private char? Peek()
        {
            SkipSpaces();
            return _position < text.Length ? text[_position] : null;
        }

        private void SkipSpaces()
        {
            while (_position < text.Length && char.IsWhiteSpace(text[_position]))
            {
                _position++;
            }
        }

        private FerryException Error(string message, int? at = null) =>
            new($"{where}: {message} at position {(at ?? _position) + 1} of '{text}'");
    }
}
