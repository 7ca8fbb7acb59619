using Spectre.Console.Cli;

namespace FollowerAudit.Cli.Infrastructure;

/// <summary>A minimal container so commands can take their console and clock through the constructor.</summary>
internal sealed class TypeRegistrar : ITypeRegistrar
{
    private readonly Dictionary<Type, List<Func<object>>> _factories = [];

    public void Register(Type service, Type implementation) => Add(service, () => Create(implementation, Build()));

    public void RegisterInstance(Type service, object implementation) => Add(service, () => implementation);

    public void RegisterLazy(Type service, Func<object> factory) => Add(service, factory);

    public ITypeResolver Build() => new Resolver(this);

    private void Add(Type service, Func<object> factory)
    {
        if (!_factories.TryGetValue(service, out var list))
        {
            _factories[service] = list = [];
        }

        list.Add(factory);
    }

    private static object Create(Type type, ITypeResolver resolver)
    {
        // The constructor with the most parameters, each resolved from the registrations.
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault();
        if (constructor is null)
        {
            return Activator.CreateInstance(type)!;
        }

        var arguments = constructor.GetParameters().Select(p => resolver.Resolve(p.ParameterType)).ToArray();
        return constructor.Invoke(arguments);
    }

    private sealed class Resolver(TypeRegistrar registrar) : ITypeResolver
    {
        public object? Resolve(Type? type)
        {
            if (type is null)
            {
                return null;
            }

            if (registrar._factories.TryGetValue(type, out var factories))
            {
                return factories[^1]();
            }

            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            {
                var element = type.GetGenericArguments()[0];
                var items = registrar._factories.TryGetValue(element, out var all) ? all.Select(f => f()).ToArray() : [];
                var array = Array.CreateInstance(element, items.Length);
                Array.Copy(items, array, items.Length);
                return array;
            }

            return type.IsInterface || type.IsAbstract ? null : Create(type, this);
        }
    }
}
