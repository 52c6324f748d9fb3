using System.Dynamic;
using System.Linq.Expressions;

namespace Httpx.Internal;

/// <summary>
/// Member syntax for a collection of named values, as PowerShell users read hashtables and Invoke-WebRequest's headers:
/// <c>$response.Headers.Location</c> or <c>$response.Headers.'Content-Type'</c> gives that header, and
/// <c>$request.Headers.'X-Trace' = 'abc'</c> sets it (C#'s <c>dynamic</c> the same). The collection's own members come
/// first (<c>Count</c>, <c>Keys</c>); a name that is neither a member nor a value reads as the language would read it
/// without this (in PowerShell, member access on each item).
/// </summary>
internal sealed class NamedValuesMetaObject(Expression expression, INamedValues value)
    : DynamicMetaObject(expression, BindingRestrictions.Empty, value)
{
    private static readonly System.Reflection.MethodInfo ValueNamed = typeof(INamedValues).GetMethod(nameof(INamedValues.ValueNamed))!;
    private static readonly System.Reflection.MethodInfo SetNamed = typeof(INamedValues).GetMethod(nameof(INamedValues.SetNamed))!;

    public override DynamicMetaObject BindGetMember(GetMemberBinder binder)
    {
        var otherwise = binder.FallbackGetMember(this);
        var found = Expression.Variable(typeof(string), "found");
        var lookup = Expression.Block(
            new[] { found },
            Expression.Assign(found, Expression.Call(Expression.Convert(Expression, typeof(INamedValues)), ValueNamed, Expression.Constant(binder.Name))),
            Expression.Condition(
                Expression.NotEqual(found, Expression.Constant(null, typeof(string))),
                Expression.Convert(found, binder.ReturnType),
                Expression.Convert(otherwise.Expression, binder.ReturnType)));
        var restrictions = BindingRestrictions.GetTypeRestriction(Expression, LimitType).Merge(otherwise.Restrictions);
        // Given to the language as what to do when the name is not a member of the collection itself.
        return binder.FallbackGetMember(this, new DynamicMetaObject(lookup, restrictions));
    }

    public override DynamicMetaObject BindSetMember(SetMemberBinder binder, DynamicMetaObject value)
    {
        var set = Expression.Block(
            Expression.Call(Expression.Convert(Expression, typeof(INamedValues)), SetNamed, Expression.Constant(binder.Name), Expression.Convert(value.Expression, typeof(object))),
            Expression.Convert(value.Expression, binder.ReturnType));
        return binder.FallbackSetMember(this, value, new DynamicMetaObject(set, BindingRestrictions.GetTypeRestriction(Expression, LimitType)));
    }
}
