namespace Workbench.Sql.Ast;

internal enum BinaryOp
{
    Add, Subtract, Multiply, Divide, IntDivide, Modulo,
    Equal, NullSafeEqual, NotEqual, Less, LessOrEqual, Greater, GreaterOrEqual,
    And, Or, Xor, Like,
}
